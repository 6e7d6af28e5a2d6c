/**
 * What the browser tests share: the real platform listening on a free port (bank and demo seeded
 * as on a fresh install), fixed-form interviews for deterministic flows, Debian's Chromium driven
 * by playwright-core, screenshots, and axe-core.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createPlatform, type Platform } from '../../../src/main.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../test-results/e2e');

export interface Harness {
  readonly platform: Platform;
  /** Moves the server's clock (for expiry); 0 is real time. */
  setClockOffset(ms: number): void;
  readonly baseUrl: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Starts the platform on 127.0.0.1 with a throwaway data folder, and launches Chromium. */
export async function startHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'excel-interviewer-e2e-'));
  const loaded = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  let offsetMs = 0;
  const platform = await createPlatform(loaded.config, createLogger('silent'), { now: () => new Date(Date.now() + offsetMs) });
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const address = platform.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    platform,
    setClockOffset(ms: number) {
      offsetMs = ms;
    },
    baseUrl: `http://127.0.0.1:${address.port}`,
    browser,
    async close() {
      await browser.close();
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The integrity signals the server stored for an interview (kinds, in order). */
export async function storedIntegrityKinds(platform: Platform, token: string): Promise<string[]> {
  const demo = await platform.services.seed.ensureDemo();
  const view = await platform.services.interviews.view(token);
  const detail = await platform.services.interviews.detail(demo.organisationId, view.interviewId);
  return detail.integrity.map((e) => e.kind);
}

/** The sealed demographic answers stored apart for the candidate of `token`'s interview, if any. */
export async function storedDemographicsSealed(platform: Platform, token: string): Promise<string | undefined> {
  const demo = await platform.services.seed.ensureDemo();
  const view = await platform.services.interviews.view(token);
  const detail = await platform.services.interviews.detail(demo.organisationId, view.interviewId);
  if (!detail.record.candidateId) return undefined;
  const row = await platform.store.db.selectFrom('candidate_demographics').select('data_sealed').where('candidate_id', '=', detail.record.candidateId).executeTakeFirst();
  return row?.data_sealed;
}

/**
 * An invitation to a fixed-form interview (the listed bank items, in order) for a named
 * candidate, created through the services as a recruiter would; returns the invite token.
 */
export async function inviteToFixedForm(platform: Platform, input: { readonly items: readonly string[]; readonly warmUp: boolean; readonly maxFollowUps?: number; readonly name?: string }): Promise<string> {
  const demo = await platform.services.seed.ensureDemo();
  const profile = await platform.services.profiles.create(demo.organisationId, {
    name: 'Excel skills (test form)',
    role: 'Analyst',
    level: 2,
    areaWeights: { lookups: 1, 'references-basics': 1 },
    targetSe: 0.3,
    minItems: input.items.length,
    maxItems: input.items.length,
    maxTimeMinutes: 60,
    mode: 'fixed-form',
    fixedForm: input.items,
    maxFollowUps: input.maxFollowUps ?? 1,
    warmUp: input.warmUp,
    reviewThreshold: 0.6,
  });
  const stamp = `${Date.now()}-${Math.round(Math.random() * 1e6)}`;
  const invited = await platform.services.interviews.invite({
    organisationId: demo.organisationId,
    profileId: profile.id,
    candidate: { name: input.name ?? 'Dana Candidate', email: `dana-${stamp}@example.com` },
  });
  return invited.token;
}

/** A page that fails the test on any uncaught page error. */
export async function openPage(browser: Browser, options: { width?: number; height?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, reducedMotion: 'reduce', acceptDownloads: true, // The server's CSP forbids inline scripts; axe-core is injected as one.
    bypassCSP: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.x A/AA rules) on the page; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Presses Tab until the focused element matches, failing after `max` presses (keyboard-only navigation). */
export async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string; type: string; role: string }) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return { tag: '', text: '', label: '', type: '', role: '' };
      const labels = (el as HTMLInputElement).labels;
      return {
        tag: el.tagName.toLowerCase(),
        text: (el.textContent ?? '').trim(),
        label: labels && labels.length > 0 ? (labels[0]?.textContent ?? '').trim() : (el.getAttribute('aria-label') ?? ''),
        type: el.getAttribute('type') ?? '',
        role: el.getAttribute('role') ?? '',
      };
    });
    if (matches(focused)) return;
  }
  throw new Error(`no focusable element matched after ${max} Tab presses`);
}
