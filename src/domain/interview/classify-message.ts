/**
 * What a candidate's chat message asks for, before it is treated as an answer. Only short
 * messages can be requests: a long answer that happens to contain "I don't know" is an answer.
 */
export type MessageIntent = 'repeat' | 'clarify' | 'dont-know' | 'skip' | 'answer';

const PATTERNS: readonly [Exclude<MessageIntent, 'answer'>, RegExp][] = [
  ['repeat', /\b(repeat|say (that|it) again|once more|what was the question|read (it|that) again|come again)\b/],
  ['skip', /^(skip|pass|next)\b|\b(skip (this|that|it)|next question|move on)\b/],
  ['dont-know', /\b(i (really )?(do not|don'?t|dont) know|no idea|not sure|no clue|i'?m stuck|i have no idea|idk)\b/],
  ['clarify', /\b(what do you mean|clarify|i (do not|don'?t) understand|not clear|what does .{1,40} mean|rephrase|explain the question|meaning of)\b/],
];

const MAX_REQUEST_WORDS = 12;

export function classifyMessage(text: string): MessageIntent {
  const normalised = text.toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
  if (normalised.length === 0) return 'answer';
  if (normalised.split(' ').length > MAX_REQUEST_WORDS) return 'answer';
  for (const [intent, pattern] of PATTERNS) if (pattern.test(normalised)) return intent;
  return 'answer';
}
