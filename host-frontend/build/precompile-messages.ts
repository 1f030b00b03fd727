// Types only: Vite loads this file with Node, which cannot import the workspace's TypeScript;
// the module itself is loaded through Vite's runner at build start.
import type * as MessageAst from '@stratum/layer-core/client/i18n/message-ast.ts'
import { runnerImport, type Plugin } from 'vite'

const MESSAGE_AST_MODULE = '@stratum/layer-core/client/i18n/message-ast.ts'

/** A layer's message files: `layers/<layer>/src/client/messages/<locale>.ts`. */
export const MESSAGES_FILE =
  /[\\/]layers[\\/][^\\/]+[\\/]src[\\/]client[\\/]messages[\\/][^\\/]+\.ts$/

interface Node {
  type: string
  start: number
  end: number
  value?: unknown
  [key: string]: unknown
}

/** Every string literal that is the value of an object property, depth first. */
function propertyStrings(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) {
    for (const child of node) propertyStrings(child, found)
  } else if (node && typeof node === 'object') {
    const n = node as Node
    const value = n.value as Node | undefined
    if (n.type === 'Property' && value?.type === 'Literal' && typeof value.value === 'string') {
      found.push(value)
    }
    for (const [key, child] of Object.entries(n)) {
      if (key !== 'value' || n.type !== 'Property' || value?.type !== 'Literal')
        propertyStrings(child, found)
    }
  }
  return found
}

/**
 * Precompiles the layers' messages at build time: each string with placeholders or plural
 * choices becomes vue-i18n's message AST, which its runtime formats without the message compiler
 * (dropped from the bundle with `__INTLIFY_DROP_MESSAGE_COMPILER__`). Plain strings stay strings.
 * Runs after TypeScript is stripped, on the message files only.
 */
export function stratumPrecompileMessages(): Plugin {
  let compiler: typeof MessageAst | undefined
  let root = process.cwd()
  return {
    name: 'stratum:precompile-messages',
    enforce: 'post',
    configResolved(config) {
      root = config.root
    },
    async buildStart() {
      // The same compiler the app uses for strings it fetches, so both agree on the syntax.
      compiler ??= (
        await runnerImport<typeof MessageAst>(MESSAGE_AST_MODULE, {
          configFile: false,
          root,
          logLevel: 'silent',
        })
      ).module
    },
    transform(code, id) {
      if (!MESSAGES_FILE.test(id) || !compiler) return undefined
      const { compileMessage, isPlainMessage } = compiler
      const strings = propertyStrings(this.parse(code)).filter(
        (literal) => !isPlainMessage(literal.value as string),
      )
      let out = code
      for (const literal of strings.sort((a, b) => b.start - a.start)) {
        const ast = JSON.stringify(compileMessage(literal.value as string))
        out = out.slice(0, literal.start) + ast + out.slice(literal.end)
      }
      return { code: out, map: null }
    },
  }
}
