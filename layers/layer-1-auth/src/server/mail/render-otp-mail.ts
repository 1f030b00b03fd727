import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { escapeHtml, type MailMessage, type ThemeInfo } from '@stratum/layer-core/server'
import type { Locale } from '@stratum/layer-core/shared'
import { OTP_MAIL_TEXT } from './otp-mail-messages.ts'

const LOGO_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
}

export interface OtpMailInput {
  to: string
  code: string
  locale: Locale
  theme: ThemeInfo
  expiresInMinutes: number
}

/**
 * The sign-in mail: text and HTML parts in the user's locale, with the brand name and logo of the
 * theme in use (the logo travels inline as `cid:logo`, so no remote image loads).
 */
export async function renderOtpMail(input: OtpMailInput): Promise<MailMessage> {
  const t = OTP_MAIL_TEXT[input.locale]
  const brand = input.theme.title
  const text = [
    t.greeting,
    '',
    t.intro(brand),
    '',
    `    ${input.code}`,
    '',
    t.expiry(input.expiresInMinutes),
    t.ignore,
    '',
    t.signature(brand),
  ].join('\n')
  const logo = input.theme.logoFile
    ? await readFile(input.theme.logoFile).catch(() => undefined)
    : undefined
  const b = escapeHtml(brand)
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject(brand))}</title></head>
<body style="margin:0;padding:24px;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif;color:#1f2937">
<table role="presentation" width="100%" style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<tr><td>${logo ? `<img src="cid:logo" alt="${b}" height="40" style="display:block;margin-bottom:16px">` : ''}
<p>${escapeHtml(t.greeting)}</p>
<p>${escapeHtml(t.intro(brand))}</p>
<p style="font-size:32px;font-weight:bold;letter-spacing:8px;font-family:Consolas,monospace">${input.code}</p>
<p>${escapeHtml(t.expiry(input.expiresInMinutes))}</p>
<p style="color:#4b5563">${escapeHtml(t.ignore)}</p>
<p>${escapeHtml(t.signature(brand))}</p></td></tr></table></body></html>`
  return {
    to: input.to,
    subject: t.subject(brand),
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
