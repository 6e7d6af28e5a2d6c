import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMime, type MimePart } from './mime.js';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
  readonly message: MimePart;
}

/**
 * A real SMTP server on a free local port that keeps what arrives. `hold(n)` (1-based count of
 * DATA commands) makes the server never answer that message: the sender blocks mid-send.
 */
export async function startSmtpSink(options: { hold?: (n: number) => boolean } = {}): Promise<{ url: string; received: ReceivedMail[]; held: () => number; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  let dataCount = 0;
  let heldCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      dataCount++;
      const hold = options.hold?.(dataCount) ?? false;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (hold) {
          heldCount++;
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, message: parseMime(raw) });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, held: () => heldCount, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
