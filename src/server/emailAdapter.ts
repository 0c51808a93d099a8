// Where the newsroom's email goes: SMTP when configured, a capture box in tests, the log otherwise.
import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import type { EmailAdapter, SendEmailOptions } from 'payload'

import { isTest } from '../env'

const defaultFromAddress = process.env.EMAIL_FROM ?? 'newsroom@localhost'
const defaultFromName = process.env.EMAIL_FROM_NAME ?? 'Newsroom CMS'

type Mailbox = SendEmailOptions[]

/** Messages "sent" in tests, in order; tests read and clear this. */
export function capturedEmails(): Mailbox {
  const holder = globalThis as { __newsroomMailbox?: Mailbox }
  holder.__newsroomMailbox ??= []
  return holder.__newsroomMailbox
}

const capturingAdapter: EmailAdapter = () => ({
  name: 'capture',
  defaultFromAddress,
  defaultFromName,
  sendEmail: async (message) => {
    capturedEmails().push(message)
    return { accepted: [message.to] }
  },
})

export function emailAdapter(): EmailAdapter | Promise<EmailAdapter> | undefined {
  if (isTest) return capturingAdapter
  if (!process.env.SMTP_HOST) return undefined
  return nodemailerAdapter({
    defaultFromAddress,
    defaultFromName,
    transportOptions: {
      host: process.env.SMTP_HOST,
      port: Number(process.env.SMTP_PORT ?? 587),
      secure: process.env.SMTP_SECURE === 'true',
      auth: process.env.SMTP_USER ? { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD } : undefined,
    },
  })
}
