import { afterAll, describe, expect, it } from 'vitest';
import { createNodeIronCalcEngine } from '../../src/services/grading-service.js';
import { createFormulaEngine } from '../../src/domain/grading/formula/engine.js';
import { formatAgreementTable, loadConformanceCases, measureAgreement } from './agreement.js';

const file = loadConformanceCases();
const engine = createFormulaEngine();
afterAll(() => engine.dispose());

describe('formula conformance suite', () => {
  it('has at least 250 interview-style cases with expected values', () => {
    expect(file.cases.length).toBeGreaterThanOrEqual(250);
    expect(new Set(file.cases.map((c) => c.category)).size).toBeGreaterThanOrEqual(10);
  });

  it('agrees with the oracle on at least 97% of cases (HyperFormula + gap functions)', () => {
    const primary = measureAgreement(engine, file);
    const ironcalc = measureAgreement(createNodeIronCalcEngine(), file);
    const rows = primary.map((p) => ({ category: p.category, total: p.total, results: [p.agreed, ironcalc.find((i) => i.category === p.category)?.agreed ?? 0] }));
    console.log(`\n${formatAgreementTable(rows, ['engine (HyperFormula+plugin)', 'IronCalc alone'])}\n`);
    const misses = primary.flatMap((p) => p.misses);
    if (misses.length > 0) console.log(misses.map((m) => `  ${m.id} ${m.formula}: expected ${m.expected}, got ${m.actual}`).join('\n'));
    const agreed = primary.reduce((n, p) => n + p.agreed, 0);
    expect(agreed / file.cases.length).toBeGreaterThanOrEqual(0.97);
  });
});
