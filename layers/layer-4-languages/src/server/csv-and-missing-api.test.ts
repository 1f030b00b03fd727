import { BOM, parseCsv, toCsv } from '@stratum/layer-core/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import type {
  HistoryList,
  ImportResult,
  MissingList,
  ResolvedKey,
  TranslationBundle,
  TranslationList,
} from '../shared/index.ts'
import {
  ADMIN,
  body,
  createLanguagesWorld,
  putValue,
  type World,
} from '../../test/languages-harness.ts'

const NS = 'authenticated'
/** Keys without placeholders, and values that stress the CSV. */
const VALUES: Record<string, string> = {
  'nav.dashboard': 'Olá, ação — “painel”',
  'nav.projects': 'Emoji 🎉👩‍💻',
  'nav.settings': 'إعدادات',
  'clients.title': 'Linha 1\nLinha 2 "citação"',
  'clients.heading': '=1+1',
  'clients.new': '@cmd',
}

describe.each(TEST_TARGETS)('languages: CSV and missing keys on %s', (target) => {
  let w: World
  const importCsv = (csv: string, dryRun: boolean, tenant = 'global', who = w.superadmin) =>
    w.json(
      'POST',
      `${ADMIN}/import?dryRun=${dryRun}&tenant=${tenant}`,
      who,
      tenant === 'global' ? undefined : tenant,
      { csv },
    )
  const resolved = async (locale: string, key: string) =>
    body<ResolvedKey>(await w.t.request(`/api/i18n/translations/${locale}/${key}`))

  beforeAll(async () => {
    w = await createLanguagesWorld(target)
    for (const [key, value] of Object.entries(VALUES)) {
      const res = await putValue(w, w.superadmin, { locale: 'pt-BR', namespace: NS, key, value })
      expect(res.status).toBe(200)
    }
  })
  afterAll(() => w?.t.close())

  it('exports UTF-8 with BOM and neutralised formulas, and re-imports it unchanged', async () => {
    const res = await w.json(
      'GET',
      `${ADMIN}/export.csv?locale=pt-BR&namespace=${NS}`,
      w.superadmin,
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    // Response.text() drops a BOM; decode keeping it, as a file on disk would hold it.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.startsWith(BOM)).toBe(true)
    expect(text).toContain(`"'=1+1"`)
    expect(text).toContain(`"'@cmd"`)
    expect(text).not.toMatch(/(^|,)"[=+@-]/m)
    const records = parseCsv(text)
    expect(records[0]?.cells).toEqual(['namespace', 'key', 'locale', 'value', 'source_value'])
    const row = records.find((r) => r.cells[1] === 'clients.title')
    expect(row?.cells.slice(2, 5)).toEqual(['pt-BR', VALUES['clients.title'], 'Clients'])

    const again = await body<ImportResult>(await importCsv(text, true))
    expect(again).toEqual({
      added: 0,
      changed: 0,
      unchanged: Object.keys(VALUES).length,
      rejected: [],
      applied: false,
    })
  })

  it('shows the diff on a dry run, then applies the good rows in one go and rejects the bad one by row', async () => {
    const csv = toCsv([
      ['namespace', 'key', 'locale', 'value', 'source_value'],
      [NS, 'nav.dashboard', 'pt-BR', 'Painel 🚀', 'Dashboard'],
      [NS, 'clients.searchLabel', 'pt-BR', 'Procurar clientes ✓', ''],
      [NS, 'clients.caption', 'pt-BR', 'Clientes sem marcador', ''],
      [NS, 'nav.projects', 'pt-BR', VALUES['nav.projects']!, ''],
      [NS, 'no.such.key', 'pt-BR', 'x', ''],
    ])
    const before = await resolved('pt-BR', `${NS}.nav.dashboard`)
    const dry = await body<ImportResult>(await importCsv(csv, true))
    expect(dry).toMatchObject({ added: 1, changed: 1, unchanged: 1, applied: false })
    expect(dry.rejected.map((r) => [r.row, r.key, r.reason])).toEqual([
      [4, 'clients.caption', 'PLACEHOLDER_MISMATCH'],
      [6, 'no.such.key', 'UNKNOWN_KEY'],
    ])
    expect(dry.rejected[0]?.message).toContain('{tenant}')
    // Nothing written by the dry run.
    expect(await resolved('pt-BR', `${NS}.nav.dashboard`)).toEqual(before)

    const applied = await body<ImportResult>(await importCsv(csv, false))
    expect(applied).toMatchObject({ added: 1, changed: 1, unchanged: 1, applied: true })
    expect(await resolved('pt-BR', `${NS}.nav.dashboard`)).toMatchObject({
      value: 'Painel 🚀',
      origin: 'global',
    })
    expect(await resolved('pt-BR', `${NS}.clients.searchLabel`)).toMatchObject({
      value: 'Procurar clientes ✓',
    })
    expect(await resolved('pt-BR', `${NS}.clients.caption`)).toMatchObject({ origin: 'compiled' })
    const list = await body<TranslationList>(
      await w.json(
        'GET',
        `${ADMIN}/translations?locale=pt-BR&namespace=${NS}&q=nav.dashboard`,
        w.superadmin,
      ),
    )
    const id = list.items.find((i) => i.key === 'nav.dashboard')!.id!
    const history = await body<HistoryList>(
      await w.json('GET', `${ADMIN}/translations/${id}/history`, w.superadmin),
    )
    expect(history.items[0]).toMatchObject({
      version: 2,
      oldValue: VALUES['nav.dashboard'],
      newValue: 'Painel 🚀',
      source: 'csv',
    })
  })

  it('imports into one tenant only, for its account admin', async () => {
    const csv = toCsv([
      ['namespace', 'key', 'locale', 'value', 'source_value'],
      [NS, 'nav.clients', 'pt-BR', 'Pacientes', 'Clients'],
    ])
    expect((await importCsv(csv, false, w.a.id, w.userA)).status).toBe(403)
    const applied = await body<ImportResult>(await importCsv(csv, false, w.a.id, w.adminA))
    expect(applied).toMatchObject({ added: 1, applied: true })
    const inA = await body<TranslationBundle>(
      await w.json('GET', `/api/i18n/translations/pt-BR?namespace=${NS}`, w.adminA, w.a.id),
    )
    const inB = await body<TranslationBundle>(
      await w.json('GET', `/api/i18n/translations/pt-BR?namespace=${NS}`, w.adminB, w.b.id),
    )
    expect(inA.messages).toMatchObject({ [NS]: { nav: { clients: 'Pacientes' } } })
    expect(JSON.stringify(inB.messages)).not.toContain('Pacientes')
    const exportB = await (
      await w.json('GET', `${ADMIN}/export.csv?locale=pt-BR&tenant=${w.b.id}`, w.adminB, w.b.id)
    ).text()
    expect(exportB).not.toContain('Pacientes')
  })

  it('refuses an unreadable CSV or one without the header, naming the line', async () => {
    const broken = await importCsv('namespace,key,locale,value\nauthenticated,"open', true)
    expect([
      broken.status,
      await body<{ code: string; details: { line: number } }>(broken),
    ]).toEqual([
      400,
      expect.objectContaining({
        code: 'CSV_INVALID',
        details: expect.objectContaining({ line: 2 }),
      }),
    ])
    const headless = await importCsv('a,b\n1,2', true)
    expect((await body<{ code: string }>(headless)).code).toBe('CSV_INVALID')
  })

  it('counts missing-key reports, lists them by count, and resolves one with a value', async () => {
    const fr = { code: 'fr-FR', englishName: 'French', nativeName: 'Français', flag: 'FR' }
    expect((await w.json('POST', `${ADMIN}/locales`, w.superadmin, undefined, fr)).status).toBe(201)
    const report = (items: object[], ip = '10.77.0.1') =>
      w.t.request(
        '/api/i18n/missing',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ items }),
        },
        ip,
      )
    const first = await report([
      { locale: 'fr-FR', namespace: NS, key: 'nav.clients' },
      { locale: 'fr-FR', namespace: NS, key: 'nav.clients' },
      { locale: 'fr-FR', namespace: NS, key: 'nav.projects' },
      { locale: 'fr-FR', namespace: NS, key: 'not.a.key' },
      { locale: 'pt-BR', namespace: NS, key: 'nav.clients' },
    ])
    expect([first.status, await body(first)]).toEqual([202, { accepted: 2 }])
    expect((await report([{ locale: 'fr-FR', namespace: NS, key: 'nav.clients' }])).status).toBe(
      202,
    )

    expect((await w.json('GET', `${ADMIN}/missing?locale=fr-FR`, w.adminA)).status).toBe(403)
    const open = await body<MissingList>(
      await w.json('GET', `${ADMIN}/missing?locale=fr-FR`, w.superadmin),
    )
    expect(open.items.map((i) => [i.key, i.requestCount])).toEqual([
      ['nav.clients', 2],
      ['nav.projects', 1],
    ])
    const bad = await w.json(
      'POST',
      `${ADMIN}/missing/${open.items[0]!.id}/resolve`,
      w.superadmin,
      undefined,
      {
        value: 'Clients | Plural',
      },
    )
    expect(bad.status).toBe(422)
    const resolvedRes = await w.json(
      'POST',
      `${ADMIN}/missing/${open.items[0]!.id}/resolve`,
      w.superadmin,
      undefined,
      { value: 'Clients (fr)' },
    )
    expect(resolvedRes.status).toBe(200)
    const after = await body<MissingList>(
      await w.json('GET', `${ADMIN}/missing?locale=fr-FR`, w.superadmin),
    )
    expect(after.items.map((i) => i.key)).toEqual(['nav.projects'])
    expect(await resolved('fr-FR', `${NS}.nav.clients`)).toMatchObject({
      value: 'Clients (fr)',
      origin: 'global',
    })
    const again = await w.json(
      'POST',
      `${ADMIN}/missing/${open.items[0]!.id}/resolve`,
      w.superadmin,
      undefined,
      {
        value: 'x',
      },
    )
    expect((await body<{ code: string }>(again)).code).toBe('MISSING_NOT_FOUND')
  })

  it('rate-limits reports per session', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) {
      const res = await w.t.request(
        '/api/i18n/missing',
        {
          method: 'POST',
          headers: { ...w.adminB.headers(), 'content-type': 'application/json' },
          body: JSON.stringify({
            items: [{ locale: 'fr-FR', namespace: NS, key: 'nav.settings' }],
          }),
        },
        `10.78.0.${i + 1}`,
      )
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true)
    expect(statuses[30]).toBe(429)
  })
})
