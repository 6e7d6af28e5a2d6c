import type { PostOutbound } from '../webhooks/post-outbound.js';

/** A message for a team channel: a title, a few facts and a link. */
export interface ChatMessage {
  readonly title: string;
  readonly text: string;
  readonly facts: readonly { name: string; value: string }[];
  readonly link: { label: string; url: string };
}

/** Slack incoming webhook body: `text` as the notification fallback, Block Kit for the layout. */
export function slackBody(message: ChatMessage): Record<string, unknown> {
  return {
    text: `${message.title}: ${message.text}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.title } },
      { type: 'section', text: { type: 'mrkdwn', text: message.text }, fields: message.facts.map((f) => ({ type: 'mrkdwn', text: `*${f.name}*\n${f.value}` })) },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: message.link.label }, url: message.link.url }] },
    ],
  };
}

/** Microsoft Teams incoming webhook (Workflows) body: one Adaptive Card. */
export function teamsBody(message: ChatMessage): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: message.title, wrap: true },
            { type: 'TextBlock', text: message.text, wrap: true },
            { type: 'FactSet', facts: message.facts.map((f) => ({ title: f.name, value: f.value })) },
          ],
          actions: [{ type: 'Action.OpenUrl', title: message.link.label, url: message.link.url }],
        },
      },
    ],
  };
}

/**
 * Posts to an incoming webhook through `post` (which enforces the outbound policy and connects to
 * the address it checked); anything but 2xx, or a refused address, throws so the job retries.
 */
export async function postChat(url: string, body: Record<string, unknown>, post: PostOutbound, timeoutMs = 10_000): Promise<{ status: number }> {
  const response = await post(url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs });
  if (!response.ok) throw new Error(`chat webhook answered ${response.status}`);
  return { status: response.status };
}
