/**
 * What every grader returns, whatever the item kind: a score with its evidence, a confidence and
 * the grader's version, so that a grade can be explained, reproduced and sent to a human.
 */

/** What the candidate submitted for one item. */
export type Answer =
  | { readonly kind: 'choice'; readonly selected: readonly string[] }
  | { readonly kind: 'formula'; readonly formula: string }
  | { readonly kind: 'workbook'; readonly file: Uint8Array; readonly fileName: string }
  | {
      readonly kind: 'concept';
      readonly text: string;
      /** Answers to follow-up probes, graded as part of the same item. */
      readonly followUps?: readonly { readonly pointId: string; readonly text: string }[];
    }
  | { readonly kind: 'skip'; readonly reason: 'skipped' | 'dont-know' | 'timeout' };

export const GRADE_FLAGS = [
  'off-topic',
  'too-short',
  'gibberish',
  'keyword-stuffing',
  'possible-injection',
  'non-english',
  'engine-disagreement',
  'engine-error',
  'grader-disagreement',
  'llm-fallback',
  'low-confidence',
] as const;
export type GradeFlag = (typeof GRADE_FLAGS)[number];

/** One piece of evidence behind a grade; reports show these verbatim. */
export type Evidence =
  | { readonly kind: 'choice'; readonly selected: readonly string[]; readonly correct: readonly string[] }
  | {
      readonly kind: 'rubric-hit';
      readonly pointId: string;
      /** The exact words of the answer that earned the point, and where they are. */
      readonly quote: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'rubric-miss'; readonly pointId: string }
  | { readonly kind: 'misconception'; readonly misconceptionId: string; readonly quote: string; readonly start: number; readonly end: number }
  | {
      /** One run of the formula on one sheet: the visible one or a hidden variant. */
      readonly kind: 'test';
      readonly name: string;
      /** Candidate-safe description of the case ("rows added below the data"). */
      readonly description: string;
      readonly hidden: boolean;
      readonly passed: boolean;
      /** Reviewer-only detail (expected vs actual); never shown to the candidate. */
      readonly detail?: string;
    }
  | { readonly kind: 'constraint'; readonly name: string; readonly passed: boolean; readonly detail: string }
  | { readonly kind: 'check'; readonly name: string; readonly passed: boolean; readonly weight: number; readonly detail: string };

export interface Grade {
  /** 0 … maxScore. */
  readonly score: number;
  /** 1 for dichotomous items (choice, formula), 4 for graded items (concept, workbook). */
  readonly maxScore: number;
  /** In [0, 1]: how sure the grader is; low values route the answer to a human. */
  readonly confidence: number;
  /** `<grader>@<semver>`, e.g. `formula@1.0.0`: with the item version, this reproduces the grade. */
  readonly graderVersion: string;
  readonly flags: readonly GradeFlag[];
  readonly evidence: readonly Evidence[];
  /** What the candidate may be told; never reveals hidden test data or the model answer. */
  readonly feedback: string;
}
