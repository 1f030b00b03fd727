import type { LocaleCode, LocaleInfo } from '../../shared/locales.ts'
import type { AppI18n } from './app-i18n.ts'

/** Currencies the number formats name (`currencyBRL`…); `currency` is the locale's own. */
export const FORMAT_CURRENCIES = ['BRL', 'USD', 'EUR'] as const

// A locale's usual currency, by region; a tenant may pick another through `n(v, { key, currency })`.
const CURRENCY_BY_REGION: Readonly<Record<string, string>> = {
  BR: 'BRL',
  US: 'USD',
  ES: 'EUR',
  PT: 'EUR',
  FR: 'EUR',
  DE: 'EUR',
  IT: 'EUR',
  MX: 'MXN',
  AR: 'ARS',
  GB: 'GBP',
  SA: 'SAR',
  EG: 'EGP',
  AE: 'AED',
}

/**
 * The currency a locale shows amounts in when nothing else is said: its region's, else USD.
 * It stands while a tenant names no currency of its own (the app then picks `currencyEUR`…).
 */
export function localeCurrency(locale: LocaleCode): string {
  const region = regionOf(locale)
  return (region && CURRENCY_BY_REGION[region]) ?? 'USD'
}

/** The region subtag of a locale (`pt-BR` → `BR`), if it has one. */
export function regionOf(locale: LocaleCode): string | undefined {
  return locale
    .split('-')
    .slice(1)
    .find((part) => /^[A-Z]{2}$/.test(part))
}

/** vue-i18n datetime formats of one locale: `short` (a date) and `long` (date and time). */
export function datetimeFormatsOf() {
  return {
    short: { year: 'numeric', month: 'short', day: 'numeric' },
    long: { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' },
  } as const
}

/** vue-i18n number formats of one locale: decimal, percent, its currency and each named one. */
export function numberFormatsOf(locale: LocaleCode) {
  const named = Object.fromEntries(
    FORMAT_CURRENCIES.map((code) => [`currency${code}`, { style: 'currency', currency: code }]),
  ) as Record<`currency${(typeof FORMAT_CURRENCIES)[number]}`, Intl.NumberFormatOptions>
  return {
    decimal: { style: 'decimal', minimumFractionDigits: 2, maximumFractionDigits: 2 },
    percent: { style: 'percent', maximumFractionDigits: 1 },
    currency: { style: 'currency', currency: localeCurrency(locale) },
    ...named,
  } as const
}

const CATEGORY_ORDER: readonly Intl.LDMLPluralRule[] = [
  'zero',
  'one',
  'two',
  'few',
  'many',
  'other',
]

/**
 * A vue-i18n plural rule from `Intl.PluralRules`: a message with one branch per CLDR category
 * of the locale (Arabic has six: zero, one, two, few, many, other, in that order) picks by
 * category; one branch more starts with an explicit zero (`no items | one item | {n} items`);
 * any other count keeps vue-i18n's own choice.
 */
export function intlPluralRule(locale: LocaleCode) {
  const rules = new Intl.PluralRules(locale)
  const categories = CATEGORY_ORDER.filter((c) =>
    rules.resolvedOptions().pluralCategories.includes(c),
  )
  return (choice: number, length: number, orgRule?: (c: number, l: number) => number): number => {
    const count = Math.abs(choice)
    if (length === categories.length + 1) {
      if (count === 0) return 0
      return 1 + categories.indexOf(rules.select(count))
    }
    if (length === categories.length) return categories.indexOf(rules.select(count))
    return orgRule ? orgRule(choice, length) : Math.min(count, length - 1)
  }
}

type PluralRule = ReturnType<typeof intlPluralRule>

/**
 * The app's plural rules, one per locale, made on first use: any locale the server adds at
 * run time (`ar`) gets its CLDR rule without a rebuild. Hand it to `createI18n({ pluralRules })`.
 */
export function createPluralRules(): Record<LocaleCode, PluralRule> {
  const made = new Map<LocaleCode, PluralRule>()
  const ruleOf = (locale: string) => {
    let rule = made.get(locale)
    if (!rule) {
      rule = intlPluralRule(locale)
      made.set(locale, rule)
    }
    return rule
  }
  const isLocale = (key: string | symbol): key is string =>
    typeof key === 'string' && /^[a-z]{2,3}(-|$)/.test(key)
  // vue-i18n reads own properties only (`hasOwn`), so the proxy reports every locale as one.
  return new Proxy({} as Record<LocaleCode, PluralRule>, {
    get: (target, key) => (isLocale(key) ? ruleOf(key) : Reflect.get(target, key)),
    has: (target, key) => isLocale(key) || Reflect.has(target, key),
    getOwnPropertyDescriptor: (target, key) =>
      isLocale(key)
        ? { value: ruleOf(key), writable: false, enumerable: true, configurable: true }
        : Reflect.getOwnPropertyDescriptor(target, key),
  })
}

/** Sets the datetime and number formats of every live locale (runtime-added ones too). */
export function applyLocaleFormats(i18n: AppI18n, locales: readonly Pick<LocaleInfo, 'code'>[]) {
  for (const { code } of locales) {
    i18n.global.setDateTimeFormat(code, datetimeFormatsOf())
    i18n.global.setNumberFormat(code, numberFormatsOf(code))
  }
}
