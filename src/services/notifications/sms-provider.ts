/** Sends a text message; `idempotencyKey` is stable per effect. */
export interface SmsProvider {
  readonly configured: boolean;
  send(input: { to: string; body: string; idempotencyKey: string }): Promise<{ id: string; status: string }>;
}

export interface TwilioSettings {
  /** API root, `https://api.twilio.com` or any server speaking the same Messages API. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Sender number (E.164) or messaging service id (`MG…`). */
  readonly from: string;
  readonly timeoutMs?: number;
}

/**
 * A client for the Twilio Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form
 * encoded, HTTP Basic with the account SID and auth token). Anything but 2xx throws with the
 * provider's code and message, so the job retries.
 */
export class TwilioSmsClient implements SmsProvider {
  readonly configured = true;

  constructor(
    private readonly settings: TwilioSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(input: { to: string; body: string; idempotencyKey: string }): Promise<{ id: string; status: string }> {
    const form = new URLSearchParams({ To: input.to, Body: input.body });
    form.set(this.settings.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', this.settings.from);
    const url = `${this.settings.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(this.settings.accountSid)}/Messages.json`;
    const response = await this.fetchImpl(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.settings.accountSid}:${this.settings.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'i-twilio-idempotency-token': input.idempotencyKey,
      },
      body: form.toString(),
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { sid?: string; status?: string; code?: number; message?: string };
    if (!response.ok) throw new Error(`SMS provider answered ${response.status}${body.code ? ` (code ${body.code})` : ''}: ${body.message ?? 'no message'}`);
    return { id: body.sid ?? '', status: body.status ?? 'queued' };
  }
}

export const unconfiguredSms: SmsProvider = {
  configured: false,
  async send() {
    return { id: '', status: 'not sent: SMS is not configured' };
  },
};
