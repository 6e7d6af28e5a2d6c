/**
 * Acceptance: a candidate opens an invite link, consents, passes the system check, answers the
 * warm-up, a choice item, a formula typed into the grid (with its live preview), a concept item
 * and its follow-up, uploads an edited workbook, and reaches the closing screen. The loop reads
 * the kind of each task from the page, so it follows whatever the interview engine asks next.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteToFixedForm, openPage, screenshot, startHarness, storedDemographicsSealed, storedIntegrityKinds, type Harness } from './support/e2e-harness.js';

/** One of each kind; the concept item has key points the first answer leaves out, so a follow-up comes. */
const FORM = ['lookups.vlookup-missing-fourth-argument', 'references-basics.sum-order-total', 'lookups.explain-vlookup-failures', 'lookups.wb-commission-calculator'];

const KNOWN_FORMULAS: Record<string, string> = { 'references-basics.sum-order-total': '=SUM(C2:C13)' };

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

interface Task {
  readonly kind: string;
  readonly itemId: string;
}

async function currentTask(page: Page): Promise<Task | 'completed'> {
  await page.waitForSelector('section.work[data-item-kind]:not([data-item-kind="none"]), h1:has-text("Thank you")');
  if (await page.locator('h1', { hasText: 'Thank you' }).count()) return 'completed';
  const work = page.locator('section.work');
  return { kind: (await work.getAttribute('data-item-kind')) ?? '', itemId: (await work.getAttribute('data-item-id')) ?? '' };
}

/** Waits until the page shows a different task (or the closing screen). */
async function waitForNextTask(page: Page, previous: Task): Promise<void> {
  await page.waitForFunction(
    ([kind, itemId]) => {
      const work = document.querySelector<HTMLElement>('section.work');
      if (!work) return document.querySelector('h1')?.textContent?.includes('Thank you') ?? false;
      return work.dataset.itemKind !== kind || work.dataset.itemId !== itemId;
    },
    [previous.kind, previous.itemId] as const,
  );
}

const interviewerMessages = (page: Page) => page.locator('[role="log"] .message.interviewer');

/** The starting workbook, completed as the commission task asks (named range, rates, commissions, total). */
async function completeWorkbook(bytes: ArrayBuffer, itemId: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  if (itemId === 'lookups.wb-commission-calculator') {
    const sales = workbook.getWorksheet('Sales');
    const rates = workbook.getWorksheet('Rates');
    if (!sales || !rates) throw new Error('the starting workbook lacks the Sales or Rates sheet');
    workbook.definedNames.add('Rates!$A$2:$B$6', 'CommRates');
    const bands = [0, 5000, 10000, 25000, 50000];
    const bandRates = [0.01, 0.03, 0.045, 0.06, 0.075];
    let total = 0;
    for (let row = 2; row <= 11; row++) {
      const amount = Number(sales.getCell(`C${row}`).value ?? 0);
      const index = bands.filter((from) => from <= amount).length - 1;
      const rate = bandRates[Math.max(0, index)] ?? 0;
      sales.getCell(`D${row}`).value = { formula: `VLOOKUP(C${row},CommRates,2,TRUE)`, result: rate };
      sales.getCell(`E${row}`).value = { formula: `C${row}*D${row}`, result: amount * rate };
      total += amount * rate;
    }
    sales.getCell('E12').value = { formula: 'SUM(E2:E11)', result: total };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('candidate app: a whole interview in the browser', () => {
  it('goes from the invite link through every kind of question to the closing screen', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: FORM, warmUp: true, maxFollowUps: 1 });
    const { page, errors } = await openPage(harness.browser);
    const integrityPosts: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/session/integrity-events')) integrityPosts.push(request.postData() ?? '');
    });

    await page.goto(`${harness.baseUrl}/i/${token}`);
    await page.getByRole('heading', { name: 'Welcome, Dana' }).waitFor();
    await page.getByText(/Integrity signals/).waitFor();
    await screenshot(page, '01-consent');

    await page.getByLabel(/Do you need an accommodation/).fill('A little extra time for reading, please.');
    await page.getByRole('button', { name: 'Agree and continue' }).click();
    await page.getByText('Please tick the box to agree').waitFor();
    await page.getByLabel(/I understand what is recorded/).check();
    await page.getByRole('button', { name: 'Agree and continue' }).click();

    await page.getByRole('heading', { name: 'Before you start' }).waitFor();
    await page.getByText(/Connected \(\d+ ms round trip\)/).waitFor();
    await screenshot(page, '02-system-check');
    await page.getByRole('button', { name: 'Start the interview' }).click();

    const seen = new Set<string>();
    let formulaGraded = false;
    let reloaded = false;
    for (let step = 0; step < 20; step++) {
      const task = await currentTask(page);
      if (task === 'completed') break;
      seen.add(task.kind);
      const before = await interviewerMessages(page).count();
      switch (task.kind) {
        case 'warm-up': {
          await screenshot(page, '03-warm-up');
          await page.getByLabel('Your answer (not scored)').fill('I build the monthly sales report: SUMIFS, lookups and a few pivot tables.');
          await page.getByLabel('Your answer (not scored)').press('Enter');
          break;
        }
        case 'choice': {
          await screenshot(page, '04-choice');
          // "Repeat" is a chat request: the interviewer answers and the question stays.
          await page.getByRole('button', { name: 'Repeat' }).click();
          await expect.poll(() => interviewerMessages(page).count()).toBeGreaterThan(before);
          await page.getByRole('button', { name: 'Submit answer' }).click();
          await page.getByText('Select an option.').waitFor();
          const correct = page.getByLabel(/The fourth argument is omitted/);
          await ((await correct.count()) > 0 ? correct : page.locator('.options input').first()).check();
          await page.getByRole('button', { name: 'Submit answer' }).click();
          break;
        }
        case 'formula': {
          if (!reloaded) {
            // A refresh resumes at the same point with the whole transcript.
            const transcriptBefore = await page.locator('[role="log"] .message').count();
            await page.reload();
            await page.waitForSelector(`section.work[data-item-id="${task.itemId}"]`);
            expect(await page.locator('[role="log"] .message').count()).toBe(transcriptBefore);
            reloaded = true;
          }
          const formula = KNOWN_FORMULAS[task.itemId] ?? '=1+1';
          const input = page.getByLabel(/^Formula for/);
          await input.fill(formula);
          await page.locator('.formula-preview', { hasText: /^Shows: / }).waitFor();
          if (task.itemId === 'references-basics.sum-order-total') {
            const preview = await page.locator('.formula-preview').textContent();
            expect(preview).toMatch(/^Shows: \d+/);
            await expect.poll(() => page.locator('td.answer-cell').textContent()).toBe(preview?.replace('Shows: ', ''));
          }
          await screenshot(page, '05-formula-preview');
          await input.press('Enter');
          await expect.poll(() => interviewerMessages(page).count()).toBeGreaterThan(before);
          await page.locator('[role="log"] .message.candidate', { hasText: formula }).waitFor();
          formulaGraded = true;
          break;
        }
        case 'concept': {
          await screenshot(page, '06-concept');
          // The answer is pasted: recorded as an integrity signal, sent along with the answer.
          await page.evaluate((text) => navigator.clipboard.writeText(text), 'First I would check the last argument: without FALSE for an exact match, VLOOKUP does an approximate match and returns wrong rows.');
          await page.getByLabel('Your answer', { exact: true }).focus();
          await page.keyboard.press('ControlOrMeta+V');
          await expect.poll(() => page.getByLabel('Your answer', { exact: true }).inputValue()).toContain('without FALSE');
          const signals = page.waitForRequest((request) => request.url().endsWith('/session/integrity-events') && (request.postData() ?? '').includes('"paste"'));
          await page.getByRole('button', { name: 'Send answer' }).click();
          await signals;
          break;
        }
        case 'follow-up': {
          await screenshot(page, '07-follow-up');
          await page.getByLabel('Your answer to the follow-up').fill('The codes may be numbers in one list and text in the other, or carry trailing spaces; TRIM and VALUE fix that.');
          await page.getByRole('button', { name: 'Send answer' }).click();
          break;
        }
        case 'workbook': {
          await screenshot(page, '08-workbook');
          const href = await page.getByRole('link', { name: 'Download the starting workbook' }).getAttribute('href');
          expect(href).toContain(`/api/v1/session/items/${encodeURIComponent(task.itemId)}/workbook?token=`);
          const download = await fetch(`${harness.baseUrl}${href}`);
          expect(download.status).toBe(200);
          const file = page.getByLabel(/Your edited workbook/);
          await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a workbook') });
          await page.getByText('Choose an Excel workbook saved as .xlsx').waitFor();
          // A file that only looks like a workbook: the server's reason is shown, the task stays.
          await file.setInputFiles({ name: 'broken.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('this is not a zip file') });
          await page.getByRole('button', { name: 'Upload workbook' }).click();
          await page.locator('.alert[role="alert"]').waitFor();
          const rejection = (await page.locator('.alert[role="alert"] p').first().textContent()) ?? '';
          expect(rejection.length).toBeGreaterThan(10);
          await screenshot(page, '08b-workbook-rejected');
          expect(await page.locator('section.work').getAttribute('data-item-kind')).toBe('workbook');
          await file.setInputFiles({ name: 'commission.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await completeWorkbook(await download.arrayBuffer(), task.itemId) });
          await page.getByRole('button', { name: 'Upload workbook' }).click();
          break;
        }
        default:
          throw new Error(`unexpected task kind ${task.kind}`);
      }
      await waitForNextTask(page, task);
    }

    await page.getByRole('heading', { name: /^Thank you/ }).waitFor();
    expect([...seen].sort()).toEqual(['choice', 'concept', 'follow-up', 'formula', 'warm-up', 'workbook']);
    expect(formulaGraded).toBe(true);
    await page.getByRole('heading', { name: 'What happens next' }).waitFor();
    await screenshot(page, '09-closing');

    await page.getByLabel(/^4/).check();
    await page.getByLabel(/Anything you would like to tell us/).fill('Clear questions; the live preview helped.');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByText('Thank you for your feedback.').waitFor();

    // The voluntary equal-opportunity survey: stored apart, sealed, once.
    await page.getByRole('heading', { name: 'Equal-opportunity monitoring (optional)' }).waitFor();
    await page.getByLabel('Age').selectOption('25-34');
    await page.getByLabel('Gender').selectOption('prefer-not-to-say');
    await page.getByRole('button', { name: 'Send these answers' }).click();
    await page.getByText('Your answers were stored apart from your interview.').waitFor();
    const sealed = await storedDemographicsSealed(harness.platform, token);
    expect(sealed).toBeDefined();
    expect(sealed).not.toContain('25-34');

    await page.reload();
    await page.getByText('Thank you for your feedback.').waitFor();
    await page.getByText('Your answers were stored apart from your interview.').waitFor();
    expect(errors).toEqual([]);
    // Signals were recorded, and never shown to the candidate.
    expect(integrityPosts.some((body) => body.includes('"paste"'))).toBe(true);
    expect(await storedIntegrityKinds(harness.platform, token)).toContain('paste');
    expect(await page.getByText(/integrity|suspicious|cheat/i).count()).toBe(0);
  });

  it('completes the adaptive demo, whatever it asks', async () => {
    const { page, errors } = await openPage(harness.browser);
    await page.goto(`${harness.baseUrl}/demo`);
    await page.getByLabel(/I understand what is recorded/).check();
    await page.getByRole('button', { name: 'Agree and continue' }).click();
    await page.getByRole('button', { name: 'Start the interview' }).click();
    const kinds: string[] = [];
    for (let step = 0; step < 40; step++) {
      const task = await currentTask(page);
      if (task === 'completed') break;
      kinds.push(task.kind);
      switch (task.kind) {
        case 'warm-up':
        case 'concept':
        case 'follow-up':
          await page.locator('.text-answer textarea').fill('I would use SUMIFS with whole-column references and check the result against a pivot table.');
          await page.getByRole('button', { name: 'Send answer' }).click();
          break;
        case 'choice':
          await page.locator('.options input').first().check();
          await page.getByRole('button', { name: 'Submit answer' }).click();
          break;
        case 'formula':
          await page.getByLabel(/^Formula for/).fill('=1+1');
          await page.locator('.formula-preview', { hasText: /^Shows: 2/ }).waitFor();
          await page.getByLabel(/^Formula for/).press('Enter');
          break;
        case 'workbook': {
          const href = await page.getByRole('link', { name: 'Download the starting workbook' }).getAttribute('href');
          const download = await fetch(`${harness.baseUrl}${href}`);
          await page.getByLabel(/Your edited workbook/).setInputFiles({ name: 'unchanged.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await download.arrayBuffer()) });
          await page.getByRole('button', { name: 'Upload workbook' }).click();
          break;
        }
        default:
          throw new Error(`unexpected task kind ${task.kind}`);
      }
      await waitForNextTask(page, task);
    }
    await page.getByRole('heading', { name: /^Thank you/ }).waitFor();
    expect(kinds[0]).toBe('warm-up');
    expect(kinds.length).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });

  it('starts a demo from the home page and keeps the token in the URL', async () => {
    const { page, errors } = await openPage(harness.browser, { width: 390, height: 844 });
    await page.goto(harness.baseUrl);
    await page.getByRole('heading', { name: 'excel-interviewer' }).waitFor();
    await screenshot(page, '10-home-mobile');
    await page.getByRole('link', { name: 'Start the demo interview' }).click();
    await page.waitForURL(/\/i\/[A-Za-z0-9_-]+$/);
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    await screenshot(page, '12-demo-consent-mobile');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('explains a link that does not work', async () => {
    const { page } = await openPage(harness.browser);
    await page.goto(`${harness.baseUrl}/i/not-a-real-token`);
    await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
    await screenshot(page, '11-bad-link');
  });
});
