/**
 * Keyboard-only use (Tab, Space and Enter) from the consent screen through the chat to the
 * closing screen, with axe-core finding no serious or critical violations on each screen, at a
 * desktop and a phone width.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteToFixedForm, openPage, screenshot, seriousAxeViolations, startHarness, tabTo, type Harness } from './support/e2e-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('candidate app: keyboard and accessibility', () => {
  for (const viewport of [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone', width: 375, height: 740 },
  ]) {
    it(`can be used with the keyboard alone, without serious axe violations (${viewport.name})`, async () => {
      const token = await inviteToFixedForm(harness.platform, { items: ['lookups.vlookup-missing-fourth-argument', 'references-basics.sum-order-total'], warmUp: false, name: 'Kim Keyboard' });
      const { page, errors } = await openPage(harness.browser, viewport);
      await page.goto(`${harness.baseUrl}/i/${token}`);
      await page.getByRole('heading', { name: 'Welcome, Kim' }).waitFor();
      await expectNoSeriousViolations(page, 'consent');

      // Consent: Tab to the checkbox, Space to tick it, Tab to the button, Enter.
      await tabTo(page, (el) => el.type === 'checkbox' && el.label.startsWith('I understand'));
      await page.keyboard.press('Space');
      await tabTo(page, (el) => el.tag === 'button' && el.text === 'Agree and continue');
      await page.keyboard.press('Enter');

      // The system check takes focus on its heading; Tab reaches the start button.
      await page.getByRole('heading', { name: 'Before you start' }).waitFor();
      // Focus moves in an effect after the screen paints: wait for it to land.
      await expect.poll(() => focusedText(page)).toBe('Before you start');
      await page.getByText(/Connected \(/).waitFor();
      await expectNoSeriousViolations(page, 'system check');
      await tabTo(page, (el) => el.tag === 'button' && el.text === 'Start the interview');
      await page.keyboard.press('Enter');

      // The chat: focus lands on the question; Tab to an option, Space, Tab to Submit, Enter.
      await page.waitForSelector('section.work[data-item-kind="choice"]');
      await expect.poll(() => focusedText(page)).toMatch(/^Question 1/);
      await expectNoSeriousViolations(page, 'chat (choice)');
      await screenshot(page, `20-keyboard-choice-${viewport.name}`);
      await tabTo(page, (el) => el.type === 'radio');
      await page.keyboard.press('Space');
      expect(await page.locator('.options input:checked').count()).toBe(1);
      await tabTo(page, (el) => el.tag === 'button' && el.text === 'Submit answer');
      await page.keyboard.press('Enter');

      // The formula: focus on the question again; Tab to the formula bar, type, Enter.
      await page.waitForSelector('section.work[data-item-kind="formula"]');
      await expect.poll(() => focusedText(page)).toMatch(/^Question 2/);
      await tabTo(page, (el) => el.tag === 'input' && el.label.startsWith('Formula for'));
      await page.keyboard.type('=SUM(C2:C13)');
      await page.locator('.formula-preview', { hasText: /^Shows: / }).waitFor();
      await expectNoSeriousViolations(page, 'chat (formula)');
      await screenshot(page, `21-keyboard-formula-${viewport.name}`);
      if (viewport.width <= 400) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.keyboard.press('Enter');

      // The closing screen: a rating with Tab and Space, sent with Enter.
      await page.getByRole('heading', { name: /^Thank you/ }).waitFor();
      await expectNoSeriousViolations(page, 'closing');
      await tabTo(page, (el) => el.type === 'radio');
      await page.keyboard.press('Space');
      await tabTo(page, (el) => el.tag === 'button' && el.text === 'Send feedback');
      await page.keyboard.press('Enter');
      await page.getByText('Thank you for your feedback.').waitFor();
      await screenshot(page, `22-keyboard-closing-${viewport.name}`);
      expect(errors).toEqual([]);
    });
  }

  it('announces the time left only at 5 minutes, 1 minute and 30 seconds', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: ['lookups.vlookup-missing-fourth-argument'], warmUp: false });
    const { page } = await openPage(harness.browser);
    await page.clock.install();
    await page.goto(`${harness.baseUrl}/i/${token}`);
    await page.getByLabel(/I understand what is recorded/).check();
    await page.getByRole('button', { name: 'Agree and continue' }).click();
    await page.getByRole('button', { name: 'Start the interview' }).click();
    await page.waitForSelector('section.work[data-item-kind="choice"]');
    const live = page.locator('.timers [aria-live="polite"]');
    const timers = page.locator('[role="timer"]');
    expect(await timers.evaluateAll((els) => els.map((el) => el.getAttribute('aria-live')))).toEqual(['off', 'off']);
    expect(await live.textContent()).toBe('');

    // The choice item allows 90 s: a minute later, less than 30 s are left for it.
    await page.clock.fastForward('01:05');
    await expect.poll(() => live.textContent()).toBe('30 seconds left for this question.');
    await page.clock.fastForward('00:01');
    expect(await live.textContent()).toBe('30 seconds left for this question.');
  });

  it('shows a visible focus indicator on every control it reaches', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: ['lookups.vlookup-missing-fourth-argument'], warmUp: false });
    const { page } = await openPage(harness.browser);
    await page.goto(`${harness.baseUrl}/i/${token}`);
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return 'none';
        const style = getComputedStyle(el);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      });
      expect(outline).toMatch(/^solid [1-9]/);
    }
  });
});
