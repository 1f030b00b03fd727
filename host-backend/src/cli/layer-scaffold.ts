import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** `.tmpl` files whose text and paths hold `__TOKEN__` placeholders, one per generated file. */
const TEMPLATE_DIR = fileURLToPath(new URL('./layer-template/', import.meta.url))

/** Longest first, so `__TITLE_LOWER__` is never read as `__TITLE__`. */
const TOKEN = /__(TITLE_LOWER|SCREAMING|MIGRATION|PRIORITY|NUMBER|PASCAL|CAMEL|SNAKE|TITLE|ID)__/g
const LEFTOVER = /__[A-Z][A-Z_]*__/

/** Every spelling of a new layer's id and number that the templates use. */
export type LayerNames = Readonly<
  Record<
    | 'ID'
    | 'NUMBER'
    | 'PRIORITY'
    | 'CAMEL'
    | 'PASCAL'
    | 'SNAKE'
    | 'SCREAMING'
    | 'TITLE'
    | 'TITLE_LOWER'
    | 'MIGRATION',
    string
  >
>

/** `order-lines`, 7 → `orderLines`, `OrderLines`, `order_lines`, `Order lines`, priority 70… */
export function layerNames(number: number, id: string, now = new Date()): LayerNames {
  const camel = id.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase())
  const words = id.split('-').join(' ')
  const timestamp = now.toISOString().replace(/\D/g, '').slice(0, 14)
  return {
    ID: id,
    NUMBER: String(number),
    // Same spacing as the shipped layers (core 0, auth 10, …), so the number reads as the order.
    PRIORITY: String(number * 10),
    CAMEL: camel,
    PASCAL: camel[0]!.toUpperCase() + camel.slice(1),
    SNAKE: id.replaceAll('-', '_'),
    SCREAMING: id.replaceAll('-', '_').toUpperCase(),
    TITLE: words[0]!.toUpperCase() + words.slice(1),
    TITLE_LOWER: words,
    MIGRATION: `${timestamp}_items`,
  }
}

const render = (text: string, names: LayerNames): string => {
  const out = text.replace(TOKEN, (_, token: keyof LayerNames) => names[token])
  const leftover = LEFTOVER.exec(out)
  if (leftover) throw new Error(`The layer template uses an unknown placeholder ${leftover[0]}.`)
  return out
}

async function templateFiles(dir = TEMPLATE_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? templateFiles(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  )
  return nested.flat().filter((file) => file.endsWith('.tmpl'))
}

/** Prettier with the repository's settings, so names of any length still pass `prettier --check`. */
async function format(file: string, text: string): Promise<string> {
  const prettier = await import('prettier')
  const options = await prettier.resolveConfig(file)
  return prettier.format(text, { ...options, filepath: file })
}

/**
 * Writes the package of a new layer into `folder` (which must not exist) from the templates.
 * On any failure the folder is removed again, so a retry starts clean.
 * @returns the files written, relative to `folder`, sorted
 */
export async function scaffoldLayer(folder: string, names: LayerNames): Promise<string[]> {
  const templates = await templateFiles()
  await mkdir(dirname(folder), { recursive: true })
  // Not recursive: fails if another run created the folder since the checks.
  await mkdir(folder)
  try {
    const written: string[] = []
    for (const template of templates) {
      const path = render(relative(TEMPLATE_DIR, template).slice(0, -'.tmpl'.length), names)
      const file = join(folder, path)
      await mkdir(dirname(file), { recursive: true })
      const text = render(await readFile(template, 'utf8'), names)
      await writeFile(file, await format(file, text), { flag: 'wx' })
      written.push(path)
    }
    return written.sort()
  } catch (error) {
    await rm(folder, { recursive: true, force: true })
    throw error
  }
}
