/**
 * Spoken answers: the browser's speech recognition fills the answer box for editing; with server
 * transcription, recorded audio goes to POST /session/transcribe; without either, no Record button.
 * Speech engines and microphones are replaced by small fakes in the page (a headless browser has
 * no microphone); everything else is the real app and server.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteToFixedForm, openPage, screenshot, startHarness, type Harness } from './support/e2e-harness.js';

const CONCEPT = 'lookups.explain-vlookup-failures';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function startConcept(page: Page, token: string): Promise<void> {
  await page.goto(`${harness.baseUrl}/i/${token}`);
  await page.getByLabel(/I understand what is recorded/).check();
  await page.getByRole('button', { name: 'Agree and continue' }).click();
  await page.getByRole('button', { name: 'Start the interview' }).click();
  await page.waitForSelector('section.work[data-item-kind="concept"]');
}

describe('candidate app: spoken answers', () => {
  it('puts what the browser recognised into the answer box, for editing before sending', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: [CONCEPT], warmUp: false, maxFollowUps: 0 });
    const { page, errors } = await openPage(harness.browser);
    await page.addInitScript(() => {
      class FakeRecognition {
        lang = '';
        continuous = false;
        interimResults = false;
        onresult: ((event: unknown) => void) | null = null;
        onerror: ((event: unknown) => void) | null = null;
        onend: (() => void) | null = null;
        start() {
          queueMicrotask(() => {
            const result = Object.assign([{ transcript: 'I would check that the last argument is FALSE' }], { isFinal: true });
            this.onresult?.({ resultIndex: 0, results: [result] });
          });
        }
        stop() {
          this.onend?.();
        }
      }
      Object.assign(window, { webkitSpeechRecognition: FakeRecognition, SpeechRecognition: undefined });
    });
    await startConcept(page, token);
    await page.getByLabel('Your answer', { exact: true }).fill('Two things.');
    await page.getByRole('button', { name: 'Record a spoken answer' }).click();
    await page.getByRole('button', { name: 'Stop recording', pressed: true }).waitFor();
    await expect.poll(() => page.getByLabel('Your answer', { exact: true }).inputValue()).toBe('Two things. I would check that the last argument is FALSE');
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.getByRole('button', { name: 'Record a spoken answer', pressed: false }).waitFor();
    await screenshot(page, '40-voice-browser');
    const sent = page.waitForRequest((request) => request.url().endsWith('/session/messages'));
    await page.getByRole('button', { name: 'Send answer' }).click();
    expect((await sent).postData()).toContain('Two things. I would check that the last argument is FALSE');
    await page.getByRole('heading', { name: /^Thank you/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('sends a recording to the server when it transcribes', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: [CONCEPT], warmUp: false, maxFollowUps: 0 });
    const { page, errors } = await openPage(harness.browser);
    // A microphone that plays a tone, and no browser recognition: only the server path is left.
    await page.addInitScript(() => {
      Object.assign(window, { webkitSpeechRecognition: undefined, SpeechRecognition: undefined });
      navigator.mediaDevices.getUserMedia = async () => {
        const audio = new AudioContext();
        const tone = audio.createOscillator();
        const out = audio.createMediaStreamDestination();
        tone.connect(out);
        tone.start();
        return out.stream;
      };
    });
    // This server has no transcription endpoint configured: say it has one, and answer for it.
    await page.route('**/api/v1/session/stream**', (route) => route.abort());
    await page.route(/\/api\/v1\/session(\/consent|\/start)?$/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { capabilities?: { transcription: boolean } };
      if (body.capabilities) body.capabilities.transcription = true;
      await route.fulfill({ response, json: body });
    });
    const uploads: string[] = [];
    await page.route('**/api/v1/session/transcribe', async (route) => {
      uploads.push(route.request().headers()['content-type'] ?? '');
      await route.fulfill({ json: { text: 'numbers stored as text will not match' } });
    });

    await startConcept(page, token);
    await page.getByRole('button', { name: 'Record a spoken answer' }).click();
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await expect.poll(() => page.getByLabel('Your answer', { exact: true }).inputValue()).toBe('numbers stored as text will not match');
    await page.getByText('Check the text in the answer box').waitFor();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatch(/^audio\//);
    expect(errors).toEqual([]);
  });

  it('offers no Record button when speech cannot be turned into text', async () => {
    const token = await inviteToFixedForm(harness.platform, { items: [CONCEPT], warmUp: false, maxFollowUps: 0 });
    const { page } = await openPage(harness.browser);
    await page.addInitScript(() => Object.assign(window, { webkitSpeechRecognition: undefined, SpeechRecognition: undefined }));
    await startConcept(page, token);
    await page.getByRole('button', { name: 'Send answer' }).waitFor();
    expect(await page.getByRole('button', { name: /Record/ }).count()).toBe(0);
  });
});
