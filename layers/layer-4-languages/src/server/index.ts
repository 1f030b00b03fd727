export { languagesServerLayer } from './languages-layer.ts'
export type { LanguagesDatabase } from './tables.ts'
