/**
 * The repository's bank/ as a test: this is what makes `bank validate` part of `npm test`.
 * Schema, cross-item checks and (when the engine modules exist) the engine checks always run on
 * whatever content is there; the coverage rules are asserted once the bank holds 160 items.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../domain/bank/bank-problem.js';
import { DEFAULT_COVERAGE } from '../../domain/bank/check-coverage.js';
import { draftItems } from '../../domain/bank/draft/draft-items.js';
import { ITEM_KINDS } from '../../domain/bank/item.js';
import { validateBank } from '../../domain/bank/validate-bank.js';
import { createRng } from '../../domain/rng.js';
import { loadBankDir } from './load-bank-dir.js';
import { loadEngineChecks } from './load-engine-checks.js';
import { repoBankDir } from './repo-bank-dir.js';

const dir = repoBankDir();
const engine = await loadEngineChecks();
afterAll(() => engine.dispose());

describe.skipIf(!existsSync(dir))('the repository bank (bank/**/*.yaml)', async () => {
  const loaded = await loadBankDir(dir);

  it('parses every file against the schema', () => {
    expect(loaded.problems.map(formatProblem)).toEqual([]);
  });

  it('passes the item and cross-item checks, and the engine checks where the engine exists', async () => {
    const result = await validateBank(loaded.items, engine.checks, { sourceOf: loaded.sourceOf });
    expect(result.problems.map(formatProblem)).toEqual([]);
  });

  it.runIf(loaded.items.length >= DEFAULT_COVERAGE.minApproved)('meets the coverage rules (asserted from 160 items on)', async () => {
    const result = await validateBank(loaded.items, {}, { coverage: true, sourceOf: loaded.sourceOf });
    expect(result.problems.map(formatProblem)).toEqual([]);
  });
});

describe('template drafts pass the grading engine too', () => {
  it.runIf(engine.checks.validateFormulaItem !== undefined || engine.checks.validateWorkbookItem !== undefined)('for every hands-on kind', async () => {
    const items = ITEM_KINDS.flatMap((kind) => draftItems({ area: 'conditional-aggregation', level: 3, kind, count: 1 }, undefined, createRng(11)));
    const result = await validateBank(items, engine.checks);
    expect(result.problems.map(formatProblem)).toEqual([]);
  });
});
