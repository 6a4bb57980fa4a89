import nodemailer from 'nodemailer';

/** One message as it goes over the wire: already rendered, attachments already resolved. */
export interface WireMessage {
  /** Stable per outbox row, so a receiver can tell a repeated delivery from a new message. */
  messageId: string;
  to: string;
  toName: string | null;
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface Mailer {
  send(message: WireMessage): Promise<void>;
  close(): void;
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 (query options as nodemailer reads them). */
  url: string;
  /** "Name <address>" */
  from: string;
  /** Longest a single send may take; keep it well under the worker's lease. */
  timeoutMs?: number;
}

/**
 * An SMTP client over nodemailer. Each send opens its own connection: simple to reason
 * about when the server goes away and comes back, and cheap at a portal's volume.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 60_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: Math.min(timeout, 20_000),
    greetingTimeout: Math.min(timeout, 20_000),
    socketTimeout: timeout,
    dnsTimeout: Math.min(timeout, 20_000),
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.toName ? { name: message.toName, address: message.to } : message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        // Automated mail (RFC 3834): vacation responders should not answer it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.close();
    },
  };
}
