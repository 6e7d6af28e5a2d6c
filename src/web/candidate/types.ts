/**
 * The API's types as the candidate app uses them (imported as types only: the web app talks to
 * the server over HTTP), with the loosely typed parts (cells, message meta) narrowed.
 */
import type { Static } from 'typebox';
import type { DemoReply as DemoReplySchema, PreviewReply as PreviewReplySchema, SessionMessage, SessionView, TranscriptionReply as TranscriptionReplySchema, TurnReply } from '../../api/schemas/session.js';

export type { SessionMessage, SessionView, TurnReply };
export type DemoReply = Static<typeof DemoReplySchema>;
export type PreviewReply = Static<typeof PreviewReplySchema>;
export type TranscriptionReply = Static<typeof TranscriptionReplySchema>;

export type CurrentItem = NonNullable<SessionView['current']>;
export type ItemView = CurrentItem['item'];
export type ItemKind = ItemView['kind'];
export type SheetView = NonNullable<ItemView['sheets']>[number];

/** A cell as the bank writes it. */
export type CellValue = number | string | boolean | null | { readonly date: string } | { readonly error: string } | { readonly formula: string };

/** The integrity signals the app records; never shown to the candidate as a verdict. */
export type IntegrityKind = 'paste' | 'focus-lost' | 'tab-hidden' | 'fast-answer' | 'length-jump';

export interface IntegrityEvent {
  readonly kind: IntegrityKind;
  readonly itemId?: string;
  readonly at: string;
  readonly data?: Readonly<Record<string, string | number | boolean>>;
}
