/** A message ready to send: both parts are required so every mail reads well in any client. */
export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
  /** Overrides the transport's default sender. */
  from?: string
  /** Inline attachments (for example a brand logo referenced as `cid:`). */
  attachments?: MailAttachment[]
}

export interface MailAttachment {
  filename: string
  content: string | Uint8Array
  contentType: string
  /** Content id for `<img src="cid:…">`. */
  cid?: string
}

/** A message as the dev mailbox keeps it. */
export interface StoredMail extends MailMessage {
  id: string
  from: string
  sentAt: string
}

/** SMTP when `SMTP_URL` is set; the dev mailbox otherwise. */
export interface MailTransport {
  readonly kind: 'smtp' | 'dev-mailbox'
  send(message: MailMessage): Promise<{ messageId: string }>
  /** Messages kept by the dev mailbox, newest first; `undefined` for SMTP. */
  readonly mailbox: { list(): StoredMail[]; clear(): void } | undefined
  close(): Promise<void>
}
