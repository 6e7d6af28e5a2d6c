import { describe, expect, it } from 'vitest';
import { createFormulaEngine } from '../domain/grading/formula/engine.js';
import { evaluateJsonLine } from './formula.js';

const engine = createFormulaEngine();
const sheets = [{ name: 'Sheet1', cells: { A1: 10, A2: 20, A3: 5, B1: 'text', C1: { date: '2024-01-05' }, D1: { error: '#N/A' } } }];

describe('formula eval --jsonl line contract', () => {
  it.each([
    ['=SUM(A1:A3)', { value: 35 }],
    ['=SORT(A1:A3)', { value: [[5], [10], [20]] }],
    ['=D1', { error: '#N/A' }],
    ['=C1', { value: 45296 }],
    ['=B1', { value: 'text' }],
    ['=SUM(', { failure: expect.stringMatching(/cannot parse/) as unknown }],
  ])('%s', (formula, expected) => {
    expect(evaluateJsonLine(engine, JSON.stringify({ sheets, target: 'Sheet1!F1', formula }))).toEqual(expected);
  });

  it.each(['not json', '{"sheets":{},"target":"A1","formula":"=1"}', '{"sheets":[],"formula":"=1"}'])('answers %s with a failure line', (line) => {
    expect(evaluateJsonLine(engine, line)).toHaveProperty('failure');
  });
});
