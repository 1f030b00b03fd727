/**
 * Messages as vue-i18n's message AST, the form its runtime formats without a message compiler.
 * The app ships without vue-i18n's compiler (`__INTLIFY_DROP_MESSAGE_COMPILER__`): the build
 * turns the layers' messages into ASTs (host-frontend's precompile plugin), and strings that
 * arrive at run time (message overrides, a language source) go through {@link compileMessages}
 * before they are merged. No `eval`: the runtime composes functions from the AST.
 *
 * The syntax covered is what the layers use: `{name}`, `{0}`, `{'literal'}` and plural choices
 * `a | b | c`. Anything else (an `@` not in a literal, an unclosed brace) stays text.
 */

// vue-i18n's node types (`@intlify/message-compiler` NodeTypes), in its short property names.
const RESOURCE = 0
const PLURAL = 1
const MESSAGE = 2
const TEXT = 3
const NAMED = 4
const LIST = 5

type Item =
  { t: typeof TEXT; v: string } | { t: typeof NAMED; k: string } | { t: typeof LIST; i: number }
/** A message node; `s` (static text) is always set, `null` when there are placeholders. */
interface MessageNode {
  t: typeof MESSAGE
  s: string | null
  i: Item[]
}
/** A compiled message: what vue-i18n's `isMessageAST` recognises. */
export interface MessageAst {
  t: typeof RESOURCE
  b: MessageNode | { t: typeof PLURAL; c: MessageNode[] }
}

/** Splits on `|` outside braces, trimming the spaces around each bar as vue-i18n does. */
function pluralCases(source: string): string[] {
  const cases: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < source.length; i++) {
    const char = source[i]
    if (char === '{') depth++
    else if (char === '}') depth = Math.max(0, depth - 1)
    else if (char === '|' && depth === 0) {
      cases.push(source.slice(start, i))
      start = i + 1
    }
  }
  cases.push(source.slice(start))
  return cases.length === 1 ? cases : cases.map((c) => c.trim())
}

function messageNode(source: string): MessageNode {
  const items: Item[] = []
  const text = (value: string) => {
    const last = items.at(-1)
    if (last?.t === TEXT) last.v += value
    else if (value !== '') items.push({ t: TEXT, v: value })
  }
  let rest = source
  while (rest !== '') {
    const open = rest.indexOf('{')
    const close = open < 0 ? -1 : rest.indexOf('}', open)
    if (open < 0 || close < 0) {
      text(rest)
      break
    }
    text(rest.slice(0, open))
    const inner = rest.slice(open + 1, close).trim()
    const literal = /^'(.*)'$/.exec(inner)
    if (literal) text(literal[1]!)
    else if (/^\d+$/.test(inner)) items.push({ t: LIST, i: Number(inner) })
    else if (/^[A-Za-z_$][\w$-]*$/.test(inner)) items.push({ t: NAMED, k: inner })
    else text(rest.slice(open, close + 1))
    rest = rest.slice(close + 1)
  }
  const only = items[0]
  const isStatic = items.length === 0 || (items.length === 1 && only?.t === TEXT)
  return { t: MESSAGE, s: isStatic ? (only?.t === TEXT ? only.v : '') : null, i: items }
}

/** True when `source` needs no formatting: no placeholder, literal or plural bar. */
export const isPlainMessage = (source: string): boolean => !/[{}|]/.test(source)

/** Compiles one message to vue-i18n's AST. */
export function compileMessage(source: string): MessageAst {
  const cases = pluralCases(source)
  return {
    t: RESOURCE,
    b: cases.length === 1 ? messageNode(cases[0]!) : { t: PLURAL, c: cases.map(messageNode) },
  }
}

/** A message tree with every string that needs formatting compiled; plain strings stay. */
export function compileMessages<T>(tree: T): T {
  if (typeof tree === 'string') return (isPlainMessage(tree) ? tree : compileMessage(tree)) as T
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree) || isMessageAst(tree))
    return tree
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(tree)) out[key] = compileMessages(value)
  return out as T
}

/** True for a compiled message (a resource node), not for a group of messages. */
export const isMessageAst = (value: unknown): value is MessageAst =>
  typeof value === 'object' &&
  value !== null &&
  (value as { t?: unknown }).t === RESOURCE &&
  'b' in value
