import { createAppI18n, installLayerMessages } from '@stratum/layer-core/client'
import { describe, expect, it } from 'vitest'
import type { MessageTree } from '../../shared/index.ts'
import { copyMessages, createTranslationBundles, type Tree } from './translation-bundles.ts'

function app(answers: Record<string, MessageTree[]>) {
  const i18n = createAppI18n('pt-BR')
  installLayerMessages(i18n, 'authenticated', {
    'en-US': { nav: { clients: 'Clients', projects: 'Projects' } },
    'pt-BR': { nav: { clients: 'Clientes', projects: 'Projetos' } },
  })
  const bundles = createTranslationBundles(i18n, async (locale) => {
    const next = answers[locale]?.shift()
    if (!next) throw new Error('no answer')
    return { messages: next }
  })
  return { t: i18n.global.t, i18n, bundles }
}

describe('translation bundles', () => {
  it('merges database values over the compiled messages', async () => {
    const { t, bundles } = app({ 'pt-BR': [{ authenticated: { nav: { clients: 'Pacientes' } } }] })
    await bundles.refresh('pt-BR')
    expect(t('authenticated.nav.clients')).toBe('Pacientes')
    expect(t('authenticated.nav.projects')).toBe('Projetos')
    expect(bundles.overridden('pt-BR')).toEqual(['authenticated.nav.clients'])
  })

  it('puts the compiled text back when the next bundle (another tenant) lacks the key', async () => {
    const { t, bundles } = app({
      'pt-BR': [
        { authenticated: { nav: { clients: 'Pacientes' }, extra: 'Só no banco' } },
        { authenticated: { nav: { projects: 'Obras' } } },
      ],
    })
    await bundles.refresh('pt-BR')
    expect(t('authenticated.extra')).toBe('Só no banco')
    await bundles.refresh('pt-BR')
    expect(t('authenticated.nav.clients')).toBe('Clientes')
    expect(t('authenticated.nav.projects')).toBe('Obras')
    // A key only the database had is gone again.
    expect(t('authenticated.extra')).toBe('authenticated.extra')
  })

  it('keeps what is shown when the fetch fails, and ignores an answer a newer refresh replaced', async () => {
    const { t, bundles } = app({
      'pt-BR': [{ authenticated: { nav: { clients: 'Pacientes' } } }],
    })
    await bundles.refresh('pt-BR')
    await bundles.refresh('pt-BR') // no answer left: fails
    expect(t('authenticated.nav.clients')).toBe('Pacientes')

    let release: (tree: MessageTree) => void = () => undefined
    const i18n = createAppI18n('pt-BR')
    const answers: Promise<MessageTree>[] = [
      new Promise((resolve) => (release = resolve)),
      Promise.resolve({ core: { a: 'newer' } }),
    ]
    const slow = createTranslationBundles(i18n, async () => ({ messages: await answers.shift()! }))
    const first = slow.refresh('pt-BR')
    await slow.refresh('pt-BR')
    release({ core: { a: 'older' } })
    await first
    expect(i18n.global.t('core.a')).toBe('newer')
  })

  it("restores the compiled text even when another source merged a tenant's value first", async () => {
    const i18n = createAppI18n('en-US')
    installLayerMessages(i18n, 'authenticated', { 'en-US': { nav: { clients: 'Clients' } } })
    const compiled = copyMessages(i18n.global.messages.value) as Record<string, Tree>
    // Core's message overrides, fetched at start-up in tenant A, land before the first bundle.
    i18n.global.mergeLocaleMessage('en-US', { authenticated: { nav: { clients: 'Patients' } } })
    const answers: MessageTree[] = [{ authenticated: { nav: { clients: 'Patients' } } }, {}]
    const bundles = createTranslationBundles(
      i18n,
      async () => ({ messages: answers.shift()! }),
      compiled,
    )
    await bundles.refresh('en-US')
    expect(i18n.global.t('authenticated.nav.clients')).toBe('Patients')
    await bundles.refresh('en-US') // tenant B: no override
    expect(i18n.global.t('authenticated.nav.clients')).toBe('Clients')
  })
})
