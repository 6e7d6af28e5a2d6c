import type { BankProblem } from './bank-problem.js';
import { bankStats } from './bank-stats.js';
import type { Item, ItemKind } from './item.js';

/** The coverage the issue asks of the bank, counting approved items only. */
export interface CoverageRules {
  readonly minApproved: number;
  readonly minByKind: Readonly<Record<ItemKind, number>>;
  readonly minPerArea: number;
  readonly minPerLevel: number;
}

export const DEFAULT_COVERAGE: CoverageRules = {
  minApproved: 160,
  minByKind: { formula: 50, concept: 45, choice: 50, workbook: 15 },
  minPerArea: 6,
  minPerLevel: 20,
};

/** One problem per unmet rule, each saying how many approved items are missing. */
export function checkCoverage(items: readonly Item[], rules: CoverageRules = DEFAULT_COVERAGE): BankProblem[] {
  const stats = bankStats(items, { approvedOnly: true });
  const problems: BankProblem[] = [];
  const short = (field: string, have: number, need: number, what: string) => {
    if (have < need) problems.push({ file: 'bank', field: `coverage.${field}`, message: `${have} approved ${what}, need ${need} (${need - have} short)` });
  };
  short('total', stats.approved, rules.minApproved, 'items');
  for (const [kind, need] of Object.entries(rules.minByKind) as [ItemKind, number][]) short(`kind.${kind}`, stats.byKind[kind], need, `${kind} items`);
  for (const [area, have] of Object.entries(stats.byArea)) short(`area.${area}`, have, rules.minPerArea, `items in ${area}`);
  for (const [level, have] of Object.entries(stats.byLevel)) short(`level.${level}`, have, rules.minPerLevel, `level-${level} items`);
  return problems;
}
