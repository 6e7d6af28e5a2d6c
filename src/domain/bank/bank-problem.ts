/** A problem found in the bank, located well enough for an author to fix it. */
export interface BankProblem {
  /** The bank file (relative path as given to the parser), or `bank` for whole-bank rules. */
  readonly file: string;
  readonly itemId?: string;
  /** Dotted path inside the item, e.g. `options.2.rationale`. */
  readonly field?: string;
  readonly message: string;
}

/** `file:item-id: field: message`, leaving out the parts a problem does not have. */
export function formatProblem(problem: BankProblem): string {
  const where = problem.itemId === undefined ? problem.file : `${problem.file}:${problem.itemId}`;
  return problem.field ? `${where}: ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
}
