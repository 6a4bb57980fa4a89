import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/**
 * A real SMTP server inside the test process (Epic Stack's `requireEmail`, with a real
 * peer instead of an HTTP mock): it receives what the portal sends, parses it with
 * mailparser, and can go away and come back (an outage) or refuse chosen recipients.
 */
export interface ReceivedMail {
  /** RCPT TO addresses, lower-cased. */
  envelopeTo: string[];
  envelopeFrom: string | null;
  parsed: ParsedMail;
  receivedAt: Date;
}

export interface TestSmtpServer {
  port: number;
  /** SMTP_URL for the portal. */
  url: string;
  /** Everything received so far, in order. */
  messages: ReceivedMail[];
  messagesTo(address: string): ReceivedMail[];
  /** The first message to `address`, waiting for it up to `timeoutMs`. */
  requireEmail(address: string, options?: { timeoutMs?: number }): Promise<ReceivedMail>;
  /** Waits until `count` messages in all have arrived. */
  waitForCount(count: number, options?: { timeoutMs?: number }): Promise<ReceivedMail[]>;
  /** Answers RCPT TO for `address` with `code` (550 by default: a permanent refusal). */
  rejectRecipient(address: string, code?: number, text?: string): void;
  acceptRecipient(address: string): void;
  /** Closes the port, dropping open connections: the mail server is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  readonly listening: boolean;
  close(): Promise<void>;
}

async function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface SmtpServerOptions {
  /** Holds the answer to each DATA this long after the message is in (a slow receiver). */
  dataDelayMs?: number;
  /** Called as each message arrives, before its DATA is answered. */
  onMessage?: (mail: ReceivedMail) => void;
}

export async function startSmtpServer(serverOptions: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const refusals = new Map<string, { code: number; text: string }>();
  let server: SMTPServer | null = null;
  let port = 0;

  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (!refusal) return callback();
      const error = new Error(refusal.text) as Error & { responseCode: number };
      error.responseCode = refusal.code;
      return callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            parsed,
            receivedAt: new Date(),
          };
          messages.push(mail);
          serverOptions.onMessage?.(mail);
          if (serverOptions.dataDelayMs) setTimeout(() => callback(), serverOptions.dataDelayMs);
          else callback();
        })
        .catch((error: Error) => callback(error));
    },
  };

  async function listen(onPort: number): Promise<void> {
    const next = new SMTPServer(options);
    // A client that hangs up mid-session is normal here (an outage is simulated).
    next.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      next.server.once('error', reject);
      next.listen(onPort, '127.0.0.1', () => {
        next.server.off('error', reject);
        resolve();
      });
    });
    port = (next.server.address() as AddressInfo).port;
    server = next;
  }

  async function stop(): Promise<void> {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  await listen(0);
  const messagesTo = (address: string) => messages.filter((m) => m.envelopeTo.includes(address.toLowerCase()));

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    messagesTo,
    requireEmail(address, { timeoutMs = 10_000 } = {}) {
      return waitUntil(() => messagesTo(address)[0], timeoutMs, `an e-mail to ${address}`);
    },
    waitForCount(count, { timeoutMs = 10_000 } = {}) {
      return waitUntil(() => (messages.length >= count ? messages : undefined), timeoutMs, `${count} e-mails (have ${messages.length})`);
    },
    rejectRecipient(address, code = 550, text = '5.1.1 Mailbox unavailable') {
      refusals.set(address.toLowerCase(), { code, text });
    },
    acceptRecipient(address) {
      refusals.delete(address.toLowerCase());
    },
    stop,
    async start() {
      if (!server) await listen(port);
    },
    get listening() {
      return server !== null;
    },
    close: stop,
  };
}

/** The e-mail address of a parsed address field (To, From). */
export function addressesOf(field: ParsedMail['to'] | ParsedMail['from']): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}
