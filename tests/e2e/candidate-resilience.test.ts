/**
 * What happens around the happy path: a request lost on the network is retried with the same
 * idempotency key; messages written elsewhere arrive over the event stream; an expired
 * invitation says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteToFixedForm, openPage, screenshot, startHarness, type Harness } from './support/e2e-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const CHOICE = 'lookups.vlookup-missing-fourth-argument';

async function openAtFirstQuestion(token: string) {
  const opened = await openPage(harness.browser);
  const { page } = opened;
  await page.goto(`${harness.baseUrl}/i/${token}`);
  await page.getByLabel(/I understand what is recorded/).check();
  await page.getByRole('button', { name: 'Agree and continue' }).click();
  await page.getByRole('button', { name: 'Start the interview' }).click();
  await page.waitForSelector('section.work[data-item-kind="choice"]');
  return opened;
}

describe('candidate app: network, real time and expiry', () => {
  it('retries an answer lost on the network with the same idempotency key', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: [CHOICE], warmUp: false });
    const { page, errors } = await openAtFirstQuestion(token);
    const keys: string[] = [];
    let blocked = true;
    await page.route('**/api/v1/session/answers', async (route) => {
      keys.push((JSON.parse(route.request().postData() ?? '{}') as { idempotencyKey?: string }).idempotencyKey ?? '');
      if (blocked) await route.abort('internetdisconnected');
      else await route.continue();
    });

    await page.locator('.options input').first().check();
    await page.getByRole('button', { name: 'Submit answer' }).click();
    await page.getByText('We could not reach the server').waitFor();
    await screenshot(page, '30-network-failure');
    expect(keys.length).toBeGreaterThanOrEqual(1);

    blocked = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: /^Thank you/ }).waitFor();
    expect(new Set(keys).size).toBe(1);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
  });

  it('shows messages written from elsewhere as they arrive over the event stream', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: [CHOICE], warmUp: false });
    const { page } = await openAtFirstQuestion(token);
    await page.waitForFunction(() => document.querySelectorAll('[role="log"] .message').length > 0);
    const before = await page.locator('[role="log"] .message').count();

    // The same candidate asks for a clarification from another tab.
    const reply = await fetch(`${harness.baseUrl}/api/v1/session/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ idempotencyKey: 'other-tab-0001', text: 'What do you mean?' }),
    });
    expect(reply.status).toBe(200);
    await page.locator('[role="log"] .message.candidate', { hasText: 'What do you mean?' }).waitFor();
    await expect.poll(() => page.locator('[role="log"] .message').count()).toBe(before + 2);
    // Each message once, in order, even though the stream and GET /session both deliver them.
    const sequences = await page.locator('[role="log"] .message').evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.sequence)));
    expect(sequences).toEqual([...new Set(sequences)].sort((a, b) => a - b));
  });

  it('pauses with the question hidden and the clock stopped, and resumes with the typed formula kept', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: ['references-basics.cross-sheet-fx'], warmUp: false });
    const { page, errors } = await openPage(harness.browser);
    await page.goto(`${harness.baseUrl}/i/${token}`);
    await page.getByLabel(/I understand what is recorded/).check();
    await page.getByRole('button', { name: 'Agree and continue' }).click();
    await page.getByRole('button', { name: 'Start the interview' }).click();
    await page.waitForSelector('section.work[data-item-kind="formula"]');

    // Two sheets: tabs, switched with the arrow keys.
    await page.getByRole('tab', { name: 'Expenses', selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Rates', selected: true }).waitFor();
    await page.getByRole('tabpanel', { name: 'Rates' }).getByRole('cell', { name: 'USD/EUR' }).waitFor();

    await page.getByLabel(/^Formula for/).fill('=C2*Rates!$B$2');
    await page.locator('.formula-preview', { hasText: /^Shows: / }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('The interview is paused').waitFor();
    expect(await page.getByLabel(/^Formula for/).count()).toBe(0);
    expect(await page.locator('[role="timer"]').allTextContents()).toEqual(['paused', 'paused']);
    await screenshot(page, '32-paused');

    await page.getByRole('button', { name: 'Resume the interview' }).click();
    await page.getByLabel(/^Formula for/).waitFor();
    expect(await page.getByLabel(/^Formula for/).inputValue()).toBe('=C2*Rates!$B$2');
    expect(errors).toEqual([]);
  });

  it('tells the candidate when the invitation has expired', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: [CHOICE], warmUp: false });
    harness.setClockOffset(30 * 24 * 3600 * 1000);
    try {
      const { page } = await openPage(harness.browser);
      await page.goto(`${harness.baseUrl}/i/${token}`);
      await page.getByRole('heading', { name: /^Welcome/ }).or(page.getByRole('heading', { name: 'This invitation has expired' })).first().waitFor();
      if (await page.getByLabel(/I understand what is recorded/).count()) {
        await page.getByLabel(/I understand what is recorded/).check();
        await page.getByRole('button', { name: 'Agree and continue' }).click();
      }
      await page.getByRole('heading', { name: 'This invitation has expired' }).waitFor();
      await page.getByText(/contact the recruiter who invited you/).waitFor();
      await screenshot(page, '31-expired');
    } finally {
      harness.setClockOffset(0);
    }
  });
});
