import { describe, expect, it } from 'vitest'
import { createAppI18n } from './app-i18n.ts'
import { compileMessage, compileMessages, isMessageAst } from './message-ast.ts'

describe('message AST', () => {
  const i18n = createAppI18n('en-US')
  const { t } = i18n.global
  // Compiled ahead, as the build does; the merge must leave these as they are.
  i18n.global.mergeLocaleMessage(
    'en-US',
    compileMessages({
      demo: {
        plain: 'Sign in',
        named: 'Sign in to {app}',
        list: '{0} of {1}',
        literal: "like name{'@'}example.com",
        plural: 'No members | 1 member | {count} members',
      },
    }),
  )

  it('formats placeholders, literals and plural choices through vue-i18n', () => {
    expect(t('demo.plain')).toBe('Sign in')
    expect(t('demo.named', { app: 'Stratum' })).toBe('Sign in to Stratum')
    expect(t('demo.list', ['3', '9'])).toBe('3 of 9')
    expect(t('demo.literal')).toBe('like name@example.com')
    expect(t('demo.plural', 0)).toBe('No members')
    expect(t('demo.plural', 1)).toBe('1 member')
    expect(t('demo.plural', 7)).toBe('7 members')
  })

  it('keeps plain strings as strings and compiles only what needs formatting', () => {
    const tree = compileMessages({ a: 'Plain', b: { c: 'Hi {name}' } })
    expect(tree.a).toBe('Plain')
    expect(isMessageAst(tree.b.c)).toBe(true)
    expect(compileMessages(tree)).toEqual(tree)
  })

  it('replaces a compiled message when a string merged over it says otherwise', () => {
    i18n.global.mergeLocaleMessage('en-US', {
      demo: { plain: 'Welcome, {name}', named: 'Just text', plural: 'One | {count} many' },
    })
    expect(t('demo.plain', { name: 'Ana' })).toBe('Welcome, Ana')
    expect(t('demo.named', { app: 'x' })).toBe('Just text')
    expect(t('demo.plural', 1)).toBe('One')
    expect(t('demo.plural', 5)).toBe('5 many')
  })

  it('leaves an unclosed brace or an unknown placeholder as text', () => {
    i18n.global.mergeLocaleMessage('en-US', { odd: { open: 'a { b', weird: 'x {a b} y' } })
    expect(t('odd.open')).toBe('a { b')
    expect(t('odd.weird')).toBe('x {a b} y')
    expect(compileMessage('a | b').b).toMatchObject({ t: 1 })
  })
})
