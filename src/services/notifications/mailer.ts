import nodemailer from 'nodemailer';

export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable per effect, so a receiving system can drop a duplicate. */
  readonly messageId: string;
  readonly language?: string;
  readonly attachments?: readonly { filename: string; content: string; contentType: string }[];
}

/** Sends email; resolves with the server's answer once the message is accepted. */
export interface Mailer {
  readonly configured: boolean;
  send(message: MailMessage): Promise<{ messageId: string; response: string }>;
}

/** Email over SMTP (`smtp://user:pass@host:587`, `smtps://…:465`), pooled. */
export function createSmtpMailer(options: { url: string; from: string; timeoutMs?: number }): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(options.url, { from: options.from });
  const timeout = options.timeoutMs ?? 30_000;
  Object.assign(transport.options, { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    configured: true,
    async send(message) {
      const info = await transport.sendMail({
        from: options.from,
        to: [...message.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        ...(message.language ? { headers: { 'Content-Language': message.language } } : {}),
        attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      });
      return { messageId: String(info.messageId ?? message.messageId), response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

/** Without SMTP_URL: emails are not sent (the effect is recorded as skipped), so nothing queues forever. */
export const unconfiguredMailer: Mailer = {
  configured: false,
  async send(message) {
    return { messageId: message.messageId, response: 'not sent: SMTP_URL is not set' };
  },
};
