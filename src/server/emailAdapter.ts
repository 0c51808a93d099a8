// Where the newsroom's email goes: SMTP when configured, a capture box in tests, the log otherwise.
import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import type { EmailAdapter, SendEmailOptions } from 'payload'

import { isTest, settings } from '../env'

const { fromAddress: defaultFromAddress, fromName: defaultFromName, smtp } = settings.email

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
  if (!smtp) return undefined
  return nodemailerAdapter({
    defaultFromAddress,
    defaultFromName,
    transportOptions: {
      host: smtp.host,
      port: smtp.port,
      secure: smtp.isSecure,
      auth: smtp.auth,
    },
  })
}
