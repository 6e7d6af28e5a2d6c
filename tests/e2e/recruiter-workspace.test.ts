/**
 * The recruiter's workspace in Chromium: sign in, create a profile from a template, invite a
 * candidate, watch the interview progress live (SSE) while a second browser context takes it,
 * open the report, export PDF and .xlsx (both parsed here), and open the item analysis page.
 * Screenshots go to test-results/e2e/recruiter-*.png.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createPlatform, type Platform } from '../../src/main.js';
import { openPage, screenshot } from './support/e2e-harness.js';

const ADMIN = { email: 'recruiter-e2e@example.com', password: 'correct horse battery staple 9' };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A PDF opens when its cross-reference table sits where `startxref` says and lists every object. */
function parsePdf(bytes: Buffer): { pages: number; objects: number } {
  const text = bytes.toString('latin1');
  expect(text.startsWith('%PDF-1.')).toBe(true);
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const [, first, count] = /^xref\s+(\d+)\s+(\d+)/.exec(text.slice(startxref)) ?? [];
  const objects = Number(count);
  const entries = text.slice(startxref).split(/\r?\n/).slice(2, 2 + objects);
  for (const [i, entry] of entries.entries()) {
    if (i === 0 && Number(first) === 0) continue;
    const offset = Number(entry.slice(0, 10));
    expect(text.slice(offset, offset + 20)).toMatch(new RegExp(`^${Number(first) + i} 0 obj`));
  }
  return { pages: (text.match(/\/Type \/Page\b/g) ?? []).length, objects };
}

describe('the recruiter workspace in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  let baseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'excel-interviewer-recruiter-e2e-'));
    const loaded = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_ORGANISATION: 'Acme Hiring' });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    platform = await createPlatform(loaded.config, createLogger('silent'));
    await platform.app.listen({ port: 0, host: '127.0.0.1' });
    const address = platform.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function takeInterview(candidate: Page, recruiter: Page): Promise<void> {
    await candidate.getByLabel(/I understand what is recorded/).check();
    await candidate.getByRole('button', { name: 'Agree and continue' }).click();
    await candidate.getByRole('button', { name: 'Start the interview' }).click();
    let sawLive = false;
    for (let step = 0; step < 40; step++) {
      await candidate.waitForSelector('section.work[data-item-kind]:not([data-item-kind="none"]), h1:has-text("Thank you")');
      if (await candidate.locator('h1', { hasText: 'Thank you' }).count()) return;
      const work = candidate.locator('section.work');
      const kind = (await work.getAttribute('data-item-kind')) ?? '';
      const itemId = (await work.getAttribute('data-item-id')) ?? '';
      if (!sawLive && kind !== 'warm-up') {
        // The recruiter's list updates from the server's push, without a reload.
        await recruiter.locator('tr[data-state="in-progress"] .progress-cell', { hasText: /question \d+/ }).waitFor();
        await screenshot(recruiter, 'recruiter-03-live-progress');
        sawLive = true;
      }
      switch (kind) {
        case 'warm-up':
        case 'concept':
        case 'follow-up':
          await candidate.locator('.text-answer textarea').fill('I would use SUMIFS with absolute references, then check the total against a pivot table.');
          await candidate.getByRole('button', { name: 'Send answer' }).click();
          break;
        case 'choice':
          await candidate.locator('.options input').first().check();
          await candidate.getByRole('button', { name: 'Submit answer' }).click();
          break;
        case 'formula':
          await candidate.getByLabel(/^Formula for/).fill('=1+1');
          await candidate.locator('.formula-preview', { hasText: /^Shows: 2/ }).waitFor();
          await candidate.getByLabel(/^Formula for/).press('Enter');
          break;
        case 'workbook': {
          const href = await candidate.getByRole('link', { name: 'Download the starting workbook' }).getAttribute('href');
          const file = await fetch(`${baseUrl}${href}`);
          await candidate.getByLabel(/Your edited workbook/).setInputFiles({ name: 'unchanged.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await file.arrayBuffer()) });
          await candidate.getByRole('button', { name: 'Upload workbook' }).click();
          break;
        }
        default:
          throw new Error(`unexpected task kind ${kind}`);
      }
      await candidate.waitForFunction(
        ([k, id]) => {
          const el = document.querySelector<HTMLElement>('section.work');
          if (!el) return document.querySelector('h1')?.textContent?.includes('Thank you') ?? false;
          return el.dataset.itemKind !== k || el.dataset.itemId !== id;
        },
        [kind, itemId] as const,
      );
    }
  }

  it('signs in, sets up a profile, invites, watches live, reads and exports the report, opens item analysis, and changes the settings', async () => {
    const { page, errors } = await openPage(browser, { width: 1360, height: 900 });
    await page.goto(`${baseUrl}/recruiter`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await screenshot(page, 'recruiter-00-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Candidates/ }).waitFor();

    // A profile from a template, shortened for the test.
    await page.getByRole('link', { name: 'Profiles' }).click();
    await page.getByLabel('Template').selectOption('operations-coordinator-basic');
    await page.getByLabel('Name', { exact: true }).fill('Operations coordinator (e2e)');
    await page.getByLabel('Min items').fill('4');
    await page.getByLabel('Max items').fill('5');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('status').filter({ hasText: 'created' }).waitFor();
    await page.locator('li.profile', { hasText: 'Operations coordinator (e2e)' }).waitFor();
    await screenshot(page, 'recruiter-01-profiles');

    // Invite a candidate and copy the link.
    await page.getByRole('link', { name: 'Candidates' }).click();
    await page.locator('.live.on').waitFor();
    await page.getByLabel('Profile').selectOption({ label: 'Operations coordinator (e2e)' });
    await page.getByLabel('Name').fill('Dana Example');
    await page.getByLabel('Email').fill('dana.example@example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const inviteUrl = (await page.locator('.invite-link').first().textContent()) ?? '';
    expect(inviteUrl).toMatch(/\/i\/[A-Za-z0-9_-]+$/);
    await page.locator('tr[data-state="invited"]', { hasText: 'Dana Example' }).waitFor();
    await screenshot(page, 'recruiter-02-invited');

    // A second browser context takes the interview while the recruiter watches.
    const { page: candidate } = await openPage(browser);
    await candidate.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, baseUrl));
    await takeInterview(candidate, page);
    await page.locator('tr[data-state="completed"]', { hasText: 'Dana Example' }).waitFor();
    await screenshot(page, 'recruiter-04-completed');

    // The report.
    await page.locator('tr[data-state="completed"]', { hasText: 'Dana Example' }).getByRole('button', { name: 'Open report' }).click();
    await page.getByTestId('overall-score').waitFor();
    await expect.poll(() => page.locator('.report .answer').count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'recruiter-05-report');
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    const pdf = parsePdf(await readFile((await pdfDownload.path()) as string));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Create share link' }).click();
    const shareUrl = (await page.locator('.share-url').textContent()) ?? '';
    const shared = await openPage(browser);
    await shared.page.goto(shareUrl.replace(/^https?:\/\/[^/]+/, baseUrl));
    await shared.page.getByTestId('overall-score').waitFor();
    expect(await shared.page.getByText('dana.example@example.com').count()).toBe(0);
    await screenshot(shared.page, 'recruiter-06-shared-report');

    // Comparison and the .xlsx export.
    await page.getByRole('link', { name: 'Compare' }).click();
    await page.locator('table[aria-label="Comparison"] tbody tr', { hasText: 'Dana Example' }).waitFor();
    await screenshot(page, 'recruiter-07-compare');
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel (.xlsx)' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsxDownload.path()) as string);
    const sheet = workbook.getWorksheet('Comparison');
    expect(sheet?.getRow(2).getCell(2).value).toBe('Dana Example');
    expect(typeof sheet?.getRow(2).getCell(6).value).toBe('number');

    // Item analysis, with its charts.
    await page.getByRole('link', { name: 'Item analysis' }).click();
    await page.getByRole('heading', { name: 'Item analysis' }).waitFor();
    await page.locator('table[aria-label="Items"] tbody tr').first().waitFor();
    await page.locator('[aria-label="Test information and standard error by ability"] svg').waitFor();
    await screenshot(page, 'recruiter-08-item-analysis');
    await page.getByRole('link', { name: 'Analytics', exact: true }).click();
    await page.locator('.kpi').first().waitFor();
    await page.locator('[aria-label="Histogram of overall scores"] svg').waitFor();
    await screenshot(page, 'recruiter-09-analytics');
    await page.getByRole('link', { name: 'Review queue' }).click();
    await page.getByRole('heading', { name: /^Review queue/ }).waitFor();
    await screenshot(page, 'recruiter-10-review-queue');

    // Settings (admins): notifications, then the invitation email in French.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByLabel('Language of emails and texts').selectOption('fr');
    await page.getByLabel(/Recruiters notified/).fill('recrutement@example.com');
    await page.getByLabel('Slack incoming webhook URL').fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    // The test server allows no private addresses for Slack: the refusal is shown, nothing is saved.
    await page.getByRole('alert').filter({ hasText: /Slack webhook URL/ }).waitFor();
    await page.getByLabel('Slack incoming webhook URL').fill('');
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await page.getByText('Notification settings saved.').waitFor();
    await page.getByRole('button', { name: 'Edit the invitation email in fr' }).click();
    await page.getByLabel('Subject').fill('{{organisationName}} : votre entretien Excel');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /^Preview: .+ : votre entretien Excel$/ }).waitFor();
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();
    await page.getByRole('button', { name: 'Edit the invitation email in fr' }).filter({ hasText: 'custom' }).waitFor();
    await screenshot(page, 'recruiter-11-settings');
    expect(errors).toEqual([]);
  });
});
