import {
  brandedMailHtml,
  escapeHtml,
  type MailMessage,
  type ThemeInfo,
} from '@stratum/layer-core/server'
import type { LocaleCode } from '@stratum/layer-core/shared'

/** A translator from `MessageCatalog.translator`, bound to the mail's locale. */
export type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string

export interface OtpMailInput {
  to: string
  code: string
  /** A live locale; `t` translates into it. */
  locale: LocaleCode
  t: Translate
  theme: ThemeInfo
  expiresInMinutes: number
  /** The sender (`themedSender`); @default the transport's `MAIL_FROM` */
  from?: string
}

/**
 * The sign-in mail: text and HTML parts in the user's locale, in the frame of the theme in use
 * (its name, logo and colour; see `brandedMailHtml`).
 */
export async function renderOtpMail(input: OtpMailInput): Promise<MailMessage> {
  const { t } = input
  const brand = input.theme.title
  const strings = {
    subject: t('auth.mail.subject', { brand }),
    greeting: t('auth.mail.greeting'),
    intro: t('auth.mail.intro', { brand }),
    expiry: t('auth.mail.expiry', { minutes: input.expiresInMinutes }),
    ignore: t('auth.mail.ignore'),
    signature: t('auth.mail.signature', { brand }),
  }
  const text = [
    strings.greeting,
    '',
    strings.intro,
    '',
    `    ${input.code}`,
    '',
    strings.expiry,
    strings.ignore,
    '',
    strings.signature,
  ].join('\n')
  const colour = input.theme.primaryColor ?? '#1d4ed8'
  const { html, attachments } = await brandedMailHtml({
    theme: input.theme,
    locale: input.locale,
    title: strings.subject,
    bodyHtml: `<p>${escapeHtml(strings.greeting)}</p>
<p>${escapeHtml(strings.intro)}</p>
<p style="font-size:32px;font-weight:bold;letter-spacing:8px;font-family:Consolas,monospace;color:${colour}">${input.code}</p>
<p>${escapeHtml(strings.expiry)}</p>
<p style="color:#4b5563">${escapeHtml(strings.ignore)}</p>
<p>${escapeHtml(strings.signature)}</p>`,
  })
  return {
    to: input.to,
    ...(input.from ? { from: input.from } : {}),
    subject: strings.subject,
    text,
    html,
    attachments,
  }
}
