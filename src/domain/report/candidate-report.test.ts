import { describe, expect, it } from 'vitest';
import type { Item } from '../bank/item.js';
import type { Grade } from '../grading/grade.js';
import { buildCandidateReport, comparisonRows, renderReportHtml, toCsv, withoutContact, type ReportInput } from './index.js';

const grade = (score: number, maxScore: number, extra: Partial<Grade> = {}): Grade => ({ score, maxScore, confidence: 0.9, graderVersion: 'formula@1.0.0', flags: [], evidence: [], feedback: '', ...extra });
const item = { id: 'lookups.one', kind: 'formula', area: 'lookups', prompt: 'Find the price of <b>SKU-2</b>', explanation: 'Lookups matter.' } as unknown as Item;

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  const at = new Date('2026-03-02T10:00:00Z');
  return {
    interview: { id: 'i-1', state: 'completed', createdAt: new Date('2026-03-01T09:00:00Z'), startedAt: at, completedAt: new Date('2026-03-02T10:24:00Z'), timeFactor: 1 },
    profile: { id: 'p-1', name: 'Financial analyst', role: 'Analyst', level: 3, passScore: 55 },
    candidate: { id: 'c-1', name: 'Dana <Candidate>', email: 'dana@example.com' },
    pseudonym: 'C-1A2B3C',
    summary: {
      theta: 0.4, se: 0.3, score: 56, band: [47, 65], level: 3, label: 'intermediate', itemsScored: 2, stopReason: 'precision',
      skills: {
        lookups: { theta: 1.2, se: 0.4, n: 2, score: 68, band: [56, 80] },
        'dates-times': { theta: -1, se: 0.6, n: 1, score: 35, band: [17, 53] },
      },
    },
    responses: [
      { id: 'r-1', itemId: 'lookups.one', sequence: 1, answer: { kind: 'formula', formula: '=XLOOKUP(A2,Items[SKU],Items[Price])' }, grade: grade(1, 1, { evidence: [{ kind: 'test', name: 'visible', description: 'the sheet as shown', hidden: false, passed: true }] }), isPretest: false, presentedAt: at, answeredAt: new Date(at.getTime() + 42_000) },
      { id: 'r-2', itemId: 'lookups.one', sequence: 2, answer: { kind: 'formula', formula: '=A2' }, grade: grade(0, 1, { confidence: 0.4 }), isPretest: false, presentedAt: null, answeredAt: at, review: { status: 'done', reason: 'low-confidence', decision: { kind: 'override', score: 1, reason: 'Equivalent formula', reviewer: 'user:1', decidedAt: '2026-03-03T00:00:00.000Z' } } },
    ],
    items: new Map([[item.id, item]]),
    messages: [{ sequence: 1, role: 'interviewer', text: 'Hello', meta: {}, at }],
    integrity: [{ kind: 'paste', itemId: 'lookups.one', at, data: { chars: 120 } }],
    generatedAt: new Date('2026-03-04T00:00:00Z'),
    ...overrides,
  };
}

describe('candidate report', () => {
  const report = buildCandidateReport(input());
  it('carries the overall score with its band, level label and pass verdict', () => {
    expect(report.overall).toMatchObject({ score: 56, band: [47, 65], label: 'intermediate', passed: true });
    expect(report.durationMin).toBe(24);
  });
  it('names strengths and gaps in plain language, marking single-item skills as tentative', () => {
    expect(report.skills.map((s) => [s.area, s.verdict])).toEqual([['lookups', 'strength'], ['dates-times', 'gap']]);
    expect(report.strengths[0]).toMatch(/^Lookups .*: solid, scoring 68 out of 100, likely between 56 and 80\.$/);
    expect(report.gaps[0]).toMatch(/tentative/);
  });
  it('uses the human override as the grade of record and keeps the machine grade', () => {
    const overridden = report.answers[1]!;
    expect(overridden).toMatchObject({ score: 1, reviewStatus: 'overridden', machine: { score: 0 }, human: { score: 1, reason: 'Equivalent formula' } });
    expect(report.review).toEqual({ pending: 0, confirmed: 0, overridden: 1 });
    expect(report.answers[0]).toMatchObject({ answerText: '=XLOOKUP(A2,Items[SKU],Items[Price])', timeSpentSec: 42, evidence: [{ ok: true }] });
  });
  it('describes integrity events', () => {
    expect(report.integrity[0]?.description).toBe('The candidate pasted text into an answer (120 characters).');
  });
  it('drops contact details for share links', () => {
    expect(withoutContact(report).candidate).toBeUndefined();
    expect(JSON.stringify(withoutContact(report))).not.toContain('dana@example.com');
  });
  it('renders escaped, printable HTML', () => {
    const html = renderReportHtml(report);
    expect(html).toContain('Dana &lt;Candidate&gt;');
    expect(html).toContain('&lt;b&gt;SKU-2&lt;/b&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('Human override');
  });
  it('has no overall score before completion', () => {
    const open = buildCandidateReport(input({ summary: null, interview: { ...input().interview, state: 'in-progress', completedAt: null } }));
    expect(open.overall).toBeNull();
    expect(open.strengths).toEqual([]);
  });
  it('flattens reports for comparison and guards CSV against formula injection', () => {
    const { rows, skillAreas } = comparisonRows([report, buildCandidateReport(input({ candidate: { id: 'c2', name: '=HYPERLINK("x")', email: 'e@x.org' } }))]);
    expect(skillAreas).toEqual(['dates-times', 'lookups']);
    const csv = toCsv(rows, skillAreas);
    expect(csv.split('\r\n')[0]).toContain('skill:lookups');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('plain text prompts', () => {
  it('drops Markdown emphasis and code marks', async () => {
    const { plainText } = await import('./candidate-report.js');
    expect(plainText('In **B3**, write `=SUM(A1:A3)` for _each_ row.')).toBe('In B3, write =SUM(A1:A3) for each row.');
  });
});
