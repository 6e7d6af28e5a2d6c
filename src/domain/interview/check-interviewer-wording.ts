/**
 * Checks a generated interviewer line before a candidate sees it: it must not give away the
 * model answer or a rubric point, must not remark on the grade, and must stay short.
 */
export type WordingProblem = 'empty' | 'too-long' | 'leaks-answer' | 'grading-remark' | 'not-a-question';

const GRADING_REMARKS = /\b(correct(ly)?|incorrect|wrong|right answer|well done|great answer|good answer|excellent|perfect|nailed|score[ds]?|points?|marks?|grade[ds]?|pass(ed)?|fail(ed)?)\b/i;
const SHINGLE = 5;

const words = (text: string) => text.toLowerCase().match(/[a-z0-9$:!.]+/g) ?? [];

function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(w.slice(i, i + SHINGLE).join(' '));
  return out;
}

export function checkInterviewerWording(text: string, context: { readonly secrets: readonly string[]; readonly mustAsk?: boolean; readonly maxLength?: number }): WordingProblem | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'empty';
  if (trimmed.length > (context.maxLength ?? 450)) return 'too-long';
  if (GRADING_REMARKS.test(trimmed)) return 'grading-remark';
  const said = shingles(trimmed);
  for (const secret of context.secrets) for (const shingle of shingles(secret)) if (said.has(shingle)) return 'leaks-answer';
  if (context.mustAsk && !trimmed.includes('?')) return 'not-a-question';
  return undefined;
}
