import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { REFERENCES_ITEM } from '../domain/grading/concept/fixtures/concept-items.js';
import { startScriptedOpenAiServer, type ScriptedOpenAiServer } from '../llm/scripted-openai-server.js';
import { registerGradeCommands } from './grade.js';

/** A hand-written item: only the fields the CLI documents as needed. */
const handWritten = {
  prompt: 'Why would you turn a data range into an Excel Table?',
  keyPoints: [
    { id: 'grows', text: 'A Table grows automatically when rows are added, so formulas and charts include them.', aliases: ['expands automatically', 'grows automatically'] },
    { id: 'structured', text: 'Structured references use column names instead of cell addresses.', aliases: ['structured references', 'column names'] },
  ],
};

async function run(args: string[], stdinText: string, deps: Parameters<typeof registerGradeCommands>[1] = {}): Promise<string[]> {
  let out = '';
  const program = new Command().exitOverride();
  registerGradeCommands(program, { ...deps, stdin: Readable.from([stdinText]), stdout: { write: (chunk: string) => (out += chunk) } });
  await program.parseAsync(['node', 'excel-interviewer', ...args]);
  return out.split('\n').filter((l) => l.length > 0);
}

let server: ScriptedOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('grade --jsonl', () => {
  it('writes one result per input line, in order, with the documented fields', async () => {
    const lines = [
      { item: handWritten, answer: 'A table expands automatically as you add rows, and you can use structured references with column names.' },
      { item: handWritten, answer: '' },
      { item: REFERENCES_ITEM, answer: 'asdkj qwpoeiru zzxq blorf' },
    ];
    const input = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n\nnot json\n${JSON.stringify({ item: { prompt: 'x' }, answer: 'y' })}\n`;
    const out = (await run(['grade', '--jsonl'], input)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(5);
    expect(Object.keys(out[0] ?? {}).sort()).toEqual(['confidence', 'evidence', 'flags', 'score']);
    expect(out[0]?.score).toBeGreaterThanOrEqual(3);
    expect(out[1]).toMatchObject({ score: 0, flags: ['too-short'] });
    expect(out[2]).toMatchObject({ score: 0, flags: ['gibberish'] });
    expect(out[3]).toMatchObject({ error: { code: 'invalid-input' } });
    expect(out[4]).toMatchObject({ error: { code: 'invalid-input', message: expect.stringContaining('keyPoints') } });
  });

  it('uses the combined grader against an OpenAI-compatible server', async () => {
    const reply = JSON.stringify({
      points: [
        { id: 'grows', verdict: 'met', quote: 'grows when you add rows' },
        { id: 'structured', verdict: 'not-met', quote: '' },
      ],
      misconceptions: [],
      injectionAttempt: false,
      score: 2,
      rationale: 'One of two points.',
    });
    server = await startScriptedOpenAiServer([], () => ({ kind: 'content', content: reply }));
    const input = `${JSON.stringify({ item: handWritten, answer: 'The table grows when you add rows.' })}\n`;
    const out = await run(['grade', '--jsonl', '--grader', 'combined', '--llm-base-url', server.baseUrl, '--llm-model', 'm'], input);
    const parsed = JSON.parse(out[0] ?? '{}') as { score: number; flags: string[] };
    expect(parsed.flags).not.toContain('llm-fallback');
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses the llm grader without a configured provider', async () => {
    await expect(run(['grade', '--jsonl', '--grader', 'llm'], '')).rejects.toThrow(/needs an LLM/);
  });
});

describe('grader recalibrate', () => {
  it('refits the mapping from labels and reports agreement before and after', async () => {
    const labels = [
      { answer: 'A table expands automatically as you add rows, and you can use structured references with column names.', score: 4 },
      { answer: 'It expands automatically when rows are added.', score: 2 },
      { answer: 'You can use structured references.', score: 2 },
      { answer: 'I like Excel a lot and I use tables at work every day.', score: 0 },
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'grade-cli-')), 'labels.jsonl');
    writeFileSync(file, labels.map((l) => JSON.stringify({ item: handWritten, ...l })).join('\n'));
    const out = JSON.parse((await run(['grader', 'recalibrate', '--labels', file], '')).join('\n')) as {
      before: { n: number; qwk: number };
      after: { n: number; qwk: number };
      calibration: { thresholds: number[] };
    };
    expect(out.before.n).toBe(4);
    expect(out.after.qwk).toBeGreaterThanOrEqual(out.before.qwk);
    expect(out.calibration.thresholds).toHaveLength(4);
  });
});
