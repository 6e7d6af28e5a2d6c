import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormulaItem, Item, WorkbookItem } from '../../domain/bank/item.js';
import { buildStartingWorkbook } from '../../domain/grading/workbook/build-starting-workbook.js';
import { buildSolutionWorkbook } from '../../domain/grading/workbook/validate-workbook-item.js';
import { createLogger } from '../../logger.js';
import { loadBankDir } from '../bank/load-bank-dir.js';
import { repoBankDir } from '../bank/repo-bank-dir.js';
import { GradingService } from '../grading-service.js';

describe('grading on worker threads', () => {
  let items: readonly Item[];
  let threaded: GradingService;
  let inProcess: GradingService;

  beforeAll(async () => {
    items = (await loadBankDir(repoBankDir())).items;
    threaded = new GradingService(createLogger('silent'), undefined, { threads: 1 });
    inProcess = new GradingService(createLogger('silent'), undefined, { threads: 0 });
  });
  afterAll(async () => {
    await threaded.dispose();
    await inProcess.dispose();
  });

  it('gives the same grades as grading in the API thread, for right and wrong formulas', async () => {
    const formulas = items.filter((i): i is FormulaItem => i.kind === 'formula').slice(0, 6);
    expect(formulas.length).toBeGreaterThan(0);
    for (const item of formulas) {
      for (const formula of [item.reference, item.wrongAnswers[0]?.formula ?? '=0', '=1/0']) {
        const answer = { kind: 'formula', formula } as const;
        expect(await threaded.grade(item, answer)).toEqual(await inProcess.grade(item, answer));
      }
    }
  });

  it('grades uploaded workbooks on a thread: the solution scores full marks, the untouched start does not', async () => {
    const item = items.find((i): i is WorkbookItem => i.kind === 'workbook');
    if (!item) throw new Error('the bank has no workbook item');
    const solution = await buildSolutionWorkbook(item);
    const untouched = await buildStartingWorkbook(item);
    const good = await threaded.grade(item, { kind: 'workbook', file: solution, fileName: 'answer.xlsx' });
    expect(good).toEqual(await inProcess.grade(item, { kind: 'workbook', file: solution, fileName: 'answer.xlsx' }));
    expect(good.score).toBe(good.maxScore);
    const bad = await threaded.grade(item, { kind: 'workbook', file: untouched, fileName: 'answer.xlsx' });
    expect(bad.score).toBeLessThan(bad.maxScore);
  });

  it('still refuses an unsafe upload before any thread parses it', async () => {
    const item = items.find((i): i is WorkbookItem => i.kind === 'workbook');
    if (!item) throw new Error('the bank has no workbook item');
    await expect(threaded.grade(item, { kind: 'workbook', file: new TextEncoder().encode('not a zip'), fileName: 'answer.xlsx' })).rejects.toMatchObject({ code: expect.any(String) });
  });

  it('leaves a grade for a reviewer, not a crash, when the thread runs out of memory', async () => {
    const starved = new GradingService(createLogger('silent'), undefined, { threads: 1, threadHeapMb: 4 });
    try {
      const item = items.find((i): i is FormulaItem => i.kind === 'formula');
      if (!item) throw new Error('the bank has no formula item');
      const grade = await starved.grade(item, { kind: 'formula', formula: item.reference });
      expect(grade).toMatchObject({ score: 0, confidence: 0, flags: ['engine-error'] });
    } finally {
      await starved.dispose();
    }
  });
});
