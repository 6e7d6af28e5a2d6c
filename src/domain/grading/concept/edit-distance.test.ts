import { describe, expect, it } from 'vitest';
import { editDistanceWithin, typoBudget } from './edit-distance.js';

describe('editDistanceWithin', () => {
  const cases = [
    { a: 'vlookup', b: 'vlookup', max: 1, expected: 0 },
    { a: 'vlokup', b: 'vlookup', max: 1, expected: 1 },
    { a: 'vlookpu', b: 'vlookup', max: 1, expected: 1 },
    { a: 'insertng', b: 'inserting', max: 1, expected: 1 },
    { a: 'xlookup', b: 'vlookup', max: 1, expected: 1 },
    { a: 'hlookup', b: 'lookup', max: 1, expected: 1 },
    { a: 'abc', b: 'xyz', max: 1, expected: 2 },
    { a: 'abcdefgh', b: 'a', max: 2, expected: 3 },
    { a: 'refrence', b: 'reference', max: 2, expected: 1 },
  ];
  it.each(cases)('$a ~ $b within $max → $expected', ({ a, b, max, expected }) => {
    expect(editDistanceWithin(a, b, max)).toBe(expected);
  });
});

describe('typoBudget', () => {
  it.each([
    { length: 3, budget: 0 },
    { length: 4, budget: 0 },
    { length: 5, budget: 1 },
    { length: 8, budget: 1 },
    { length: 9, budget: 2 },
  ])('$length letters → $budget', ({ length, budget }) => {
    expect(typoBudget(length)).toBe(budget);
  });
});
