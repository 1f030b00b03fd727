import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { escapeHtml } from './html.ts'
import type { MailAttachment } from './platform/mail-transport.ts'
import type { ThemeInfo } from './theme-catalog.ts'

const LOGO_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
}
/** Base's primary, for a theme that names none. */
const DEFAULT_PRIMARY = '#1d4ed8'

/** The shared frame of every mail: the theme's logo, colour and brand around a body. */
export interface BrandedMailInput {
  theme: ThemeInfo
  /** A BCP 47 code for `<html lang>`. */
  locale: string
  /** The `<title>` (usually the subject). */
  title: string
  /** Paragraphs already escaped by the caller; the frame escapes everything it adds. */
  bodyHtml: string
}

/**
 * The HTML part of a mail in the theme's brand: a band in its primary colour, its logo inline
 * (`cid:logo`, so no remote image loads) and the body; plus the attachment the logo needs. Sign-in
 * and invite mails share it, so every mail of one theme looks the same.
 */
export async function brandedMailHtml(
  input: BrandedMailInput,
): Promise<{ html: string; attachments: MailAttachment[] }> {
  const { theme } = input
  const colour = theme.primaryColor ?? DEFAULT_PRIMARY
  const logo = theme.logoFile ? await readFile(theme.logoFile).catch(() => undefined) : undefined
  const brand = escapeHtml(theme.title)
  const html = `<!doctype html>
<html lang="${escapeHtml(input.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title></head>
<body style="margin:0;padding:24px;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif;color:#1f2937">
<table role="presentation" width="100%" style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:8px;border-top:6px solid ${colour};padding:24px">
<tr><td>${logo ? `<img src="cid:logo" alt="${brand}" height="40" style="display:block;margin-bottom:16px">` : `<p style="margin:0 0 16px;font-size:20px;font-weight:bold;color:${colour}">${brand}</p>`}
${input.bodyHtml}</td></tr></table></body></html>`
  const attachments: MailAttachment[] = logo
    ? [
        {
          filename: `logo${extname(theme.logoFile!)}`,
          content: new Uint8Array(logo),
          contentType: LOGO_TYPES[extname(theme.logoFile!)] ?? 'application/octet-stream',
          cid: 'logo',
        },
      ]
    : []
  return { html, attachments }
}
