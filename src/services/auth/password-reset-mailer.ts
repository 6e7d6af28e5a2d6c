import type { Logger } from 'pino';

/** Sends the one-time links of account flows. Real email delivery belongs to the notifications issue. */
export interface PasswordResetMailer {
  /** `purpose`: a reset the user asked for, or an invitation to set a first password. */
  sendPasswordLink(message: { userId: string; to: string; url: string; purpose: 'reset' | 'invitation'; expiresAt: Date }): Promise<void>;
}

/**
 * Until email is configured, the link goes to the log for an operator to pass on. The address is
 * not logged (only the user id); the link is a one-time credential, valid for a short time.
 */
export function createLoggingMailer(logger: Logger): PasswordResetMailer {
  return {
    async sendPasswordLink({ userId, url, purpose, expiresAt }) {
      logger.warn({ userId, purpose, expiresAt: expiresAt.toISOString() }, `no mailer configured: give this one-time link to the user in person: ${url}`);
    },
  };
}
