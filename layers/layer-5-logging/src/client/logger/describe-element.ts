const ACTIONABLE = 'a,button,input,select,textarea,summary,[role],[tabindex]'
const FIELD_ROLES: Record<string, string> = {
  checkbox: 'checkbox',
  radio: 'radio',
  search: 'searchbox',
  submit: 'button',
  button: 'button',
  reset: 'button',
  range: 'slider',
}
const TAG_ROLES: Record<string, string> = {
  A: 'link',
  BUTTON: 'button',
  SELECT: 'combobox',
  TEXTAREA: 'textbox',
  SUMMARY: 'button',
}
const MAX_NAME = 60

const squash = (text: string | null | undefined) =>
  (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME)

/**
 * `button "Save"`, `textbox #email`, `link /clients`: role, then a name that never holds what
 * a user typed or chose. Field values are never read; a field is named by its label, `name` or
 * id; a link by its path; only buttons by their text (a label the app wrote).
 */
export function describeElement(target: EventTarget | null): string | undefined {
  if (!(target instanceof Element)) return undefined
  const element = target.closest(ACTIONABLE)
  if (!element) return undefined
  const role = roleOf(element)
  const name =
    squash(element.getAttribute('aria-label')) ||
    fieldName(element) ||
    (role === 'button' ? squash(element.textContent) : '') ||
    (element instanceof HTMLAnchorElement ? linkPath(element) : '') ||
    (element.id ? `#${element.id}` : '')
  return name ? `${role} "${name}"` : role
}

function roleOf(element: Element): string {
  const explicit = element.getAttribute('role')
  if (explicit) return explicit.split(' ')[0] ?? explicit
  if (element instanceof HTMLInputElement) return FIELD_ROLES[element.type] ?? 'textbox'
  return TAG_ROLES[element.tagName] ?? element.tagName.toLowerCase()
}

function fieldName(element: Element): string {
  if (
    !(element instanceof HTMLInputElement) &&
    !(element instanceof HTMLSelectElement) &&
    !(element instanceof HTMLTextAreaElement)
  )
    return ''
  const label = element.labels?.[0]
  return squash(label?.textContent) || squash(element.name) || (element.id ? `#${element.id}` : '')
}

function linkPath(link: HTMLAnchorElement): string {
  try {
    return new URL(link.href, globalThis.location?.href).pathname
  } catch {
    return ''
  }
}

/** `form "Sign in"` / `form #client-form`: a form named by its label or id, never its fields. */
export function describeForm(form: HTMLFormElement): string {
  const labelledBy = form.getAttribute('aria-labelledby')
  const heading = labelledBy ? form.ownerDocument.getElementById(labelledBy)?.textContent : ''
  const name =
    squash(form.getAttribute('aria-label')) ||
    squash(heading) ||
    (form.id ? `#${form.id}` : '') ||
    squash(form.getAttribute('name'))
  return name ? `form "${name}"` : 'form'
}
