// Types of scripts/lib/backend.mjs, for the TypeScript tests that build the backend.

/** Folder the backend is built into (host-backend/dist). */
export declare const BACKEND_DIST: string
/** File name of the compiled entry inside the build folder. */
export declare const BACKEND_MAIN: string

/** Content hash of the server sources. */
export declare function serverHash(): string

/** Compiles every entry into `outDir` and writes the manifest main.js reads. */
export declare function compileBackend(outDir?: string): Promise<void>

export interface BuildBackendOptions {
  /** Build even when the stored hash matches the sources. @default true */
  force?: boolean
  /** @default BACKEND_DIST */
  outDir?: string
}

/** Builds the backend into `outDir` unless up to date; resolves with the compiled entry's path. */
export declare function buildBackend(options?: BuildBackendOptions): Promise<string>
