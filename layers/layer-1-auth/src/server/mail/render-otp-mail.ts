import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { escapeHtml, type MailMessage, type ThemeInfo } from '@stratum/layer-core/server'
import type { LocaleCode } from '@stratum/layer-core/shared'

const LOGO_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
}

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
}

/**
 * The sign-in mail: text and HTML parts in the user's locale, with the brand name and logo of the
 * theme in use (the logo travels inline as `cid:logo`, so no remote image loads).
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
  const logo = input.theme.logoFile
    ? await readFile(input.theme.logoFile).catch(() => undefined)
    : undefined
  const b = escapeHtml(brand)
  const html = `<!doctype html>
<html lang="${escapeHtml(input.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(strings.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif;color:#1f2937">
<table role="presentation" width="100%" style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<tr><td>${logo ? `<img src="cid:logo" alt="${b}" height="40" style="display:block;margin-bottom:16px">` : ''}
<p>${escapeHtml(strings.greeting)}</p>
<p>${escapeHtml(strings.intro)}</p>
<p style="font-size:32px;font-weight:bold;letter-spacing:8px;font-family:Consolas,monospace">${input.code}</p>
<p>${escapeHtml(strings.expiry)}</p>
<p style="color:#4b5563">${escapeHtml(strings.ignore)}</p>
<p>${escapeHtml(strings.signature)}</p></td></tr></table></body></html>`
  return {
    to: input.to,
    subject: strings.subject,
    text,
    html,
    attachments: logo
      ? [
          {
            filename: `logo${extname(input.theme.logoFile!)}`,
            content: new Uint8Array(logo),
            contentType: LOGO_TYPES[extname(input.theme.logoFile!)] ?? 'application/octet-stream',
            cid: 'logo',
          },
        ]
      : [],
  }
}
