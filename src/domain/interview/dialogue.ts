/**
 * The interviewer's wording when no LLM is configured: several phrasings per moment, chosen by
 * the interview's seeded random source so the conversation varies between candidates yet replays
 * exactly. Phrases never hint at a grade.
 */
import type { ItemKind } from '../bank/item.js';
import type { Rng } from '../rng.js';

const PHRASES = {
  greeting: [
    "Hi{name}, I'm your interviewer today. This conversation is about how you use Microsoft Excel at work.",
    "Hello{name}, and thanks for making the time. I'll be interviewing you on Excel today.",
    "Welcome{name}. I'm the interviewer for this Excel session; let's make it a good conversation.",
  ],
  howItWorks: [
    'Here is how it works: I will ask around {items} of different kinds: some multiple choice, some formulas you type into a small sheet, some where you explain your thinking in your own words, and possibly a workbook to edit. Questions get easier or harder depending on your answers, so do not worry if one feels tough. You can ask me to repeat or clarify a question at any time, or say "I don\'t know" and we will move on.',
    'A quick word on the format: expect around {items}. Some are multiple choice, some ask you to write a formula in a small spreadsheet, some ask you to explain an approach, and one may be a workbook to download and edit. The difficulty adapts to you as we go. If anything is unclear, ask me; if you are stuck, just say so and we move on.',
  ],
  warmUp: [
    'Before we start properly, a warm-up that is not scored: in a sentence or two, how do you use Excel in your current or most recent work?',
    "Let's warm up first (this one doesn't count): what kind of work do you usually do in Excel?",
  ],
  warmUpThanks: ['Thanks, that helps me pitch the questions. Let us begin.', 'Great, thanks for the context. On to the first question.', 'Thank you. Let us get into it.'],
  firstQuestion: ['Here is the first question.', 'First question.', "Let's start with this one."],
  nextQuestion: ['Next question.', "Here's the next one.", 'Moving on.', 'On to the next question.', 'Next up.'],
  acknowledge: ['Thanks, got it.', 'Okay, noted.', 'Thank you.', 'Understood, thanks.', 'Alright, thanks for that.'],
  acknowledgeSkip: ["No problem, let's move on.", 'That is fine; we will try something else.', 'Sure, skipping that one.'],
  dontKnow: ["That's perfectly fine. Not knowing something is part of any interview.", 'No problem at all; thanks for being straightforward.', 'Fair enough, let us move on.'],
  timeout: ['We ran out of time on that one, so I have moved us on.', 'Time is up for that question; no problem, let us continue.'],
  followUpIntro: ['Thanks. One follow-up on that:', 'Good, let me dig a little deeper:', 'Thanks. A follow-up question:', 'Let me ask a bit more about that:'],
  repeat: ['Of course, here it is again:', 'Sure, once more:', 'No problem, here is the question again:'],
  clarifyGeneric: [
    'Let me put it another way: answer in your own words, the way you would explain it to a colleague. There is no single right phrasing.',
    'In other words, I am interested in how you would approach it in practice; your own words are fine.',
  ],
  clarifyFormula: [
    'To clarify: type a formula starting with = into cell {cell}. It should keep working if the data changes, and any functions that do the job are fine.',
    'Put a formula (starting with =) in {cell}. Refer to the cells rather than typing the numbers, so it still works when the data changes.',
  ],
  clarifyChoice: ['To clarify: pick the option that best answers the question{multiple}.', 'Choose the best option{multiple}; if two look close, think about which one is always true.'],
  clarifyWorkbook: ['To clarify: download the workbook, follow the steps on its Instructions sheet in Excel, save it as .xlsx and upload it here.'],
  closing: [
    'That is the end of the interview. Thank you for your time and your answers. Your responses are graded automatically, with a person reviewing anything uncertain, and the recruiter will be in touch about next steps.',
    'We are done, thank you. What happens next: your answers are scored (with human review where the machine is not sure), and the hiring team will contact you with the outcome.',
  ],
  closingTime: ['We have reached the time limit, so we will stop here. Thank you for your time; the hiring team will be in touch about next steps.'],
} as const;

export type PhraseKey = keyof typeof PHRASES;

/** Picks a phrasing for `key` and fills `{placeholders}` from `vars`. */
export function say(key: PhraseKey, rng: Rng, vars: Readonly<Record<string, string | number>> = {}): string {
  const options: readonly string[] = PHRASES[key];
  const phrase = options[Math.floor(rng.next() * options.length)] ?? options[0] ?? '';
  return phrase.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** The clarification for an item of a kind. */
export function clarification(kind: ItemKind, rng: Rng, details: { cell?: string; multiple?: boolean }): string {
  switch (kind) {
    case 'formula':
      return say('clarifyFormula', rng, { cell: details.cell ?? 'the answer cell' });
    case 'choice':
      return say('clarifyChoice', rng, { multiple: details.multiple ? ' (select every option that applies)' : '' });
    case 'workbook':
      return say('clarifyWorkbook', rng);
    case 'concept':
      return say('clarifyGeneric', rng);
    default: {
      const unreachable: never = kind;
      return String(unreachable);
    }
  }
}
