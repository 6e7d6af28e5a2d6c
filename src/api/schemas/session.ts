/**
 * The candidate's API: one interview, authenticated by its invite token
 * (`Authorization: Bearer <token>`, or `?token=` where a browser cannot set headers: SSE and the
 * workbook download link). The web app imports these types (types only).
 */
import Type, { type Static } from 'typebox';

export const SessionMessage = Type.Object({
  sequence: Type.Integer(),
  role: Type.Union([Type.Literal('interviewer'), Type.Literal('candidate'), Type.Literal('system')]),
  text: Type.String(),
  /** `type`: question | follow-up | clarification | warm-up | how-it-works | closing | answer; `item` on questions. */
  meta: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String({ format: 'date-time' }),
});
export type SessionMessage = Static<typeof SessionMessage>;

const CellInput = Type.Unknown({ description: 'number | string | boolean | null | { date } | { error } | { formula }' });

export const ItemViewSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('choice'), Type.Literal('formula'), Type.Literal('workbook'), Type.Literal('concept')]),
    id: Type.String(),
    prompt: Type.String(),
    timeLimitSec: Type.Integer(),
    multiple: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(Type.Object({ id: Type.String(), text: Type.String() }))),
    sheets: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String(),
          table: Type.Optional(Type.Object({ origin: Type.Optional(Type.String()), header: Type.Array(Type.String()), rows: Type.Array(Type.Array(CellInput)) })),
          cells: Type.Optional(Type.Record(Type.String(), CellInput)),
        }),
      ),
    ),
    namedRanges: Type.Optional(Type.Array(Type.Object({ name: Type.String(), ref: Type.String() }))),
    answerCell: Type.Optional(Type.String()),
    fillTo: Type.Optional(Type.String()),
    spill: Type.Optional(Type.Boolean()),
    instructions: Type.Optional(Type.Array(Type.String())),
    macrosAllowed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

export const SessionView = Type.Object({
  interviewId: Type.String(),
  /** Increases with every stored change; keep the view with the highest revision. */
  revision: Type.Integer(),
  state: Type.Union([Type.Literal('invited'), Type.Literal('consented'), Type.Literal('in-progress'), Type.Literal('completed'), Type.Literal('expired'), Type.Literal('abandoned')]),
  profileName: Type.String(),
  candidateName: Type.String(),
  inviteExpiresAt: Type.String({ format: 'date-time' }),
  /** 1 = standard time; more is an accommodation. */
  timeFactor: Type.Number(),
  startedAt: Type.Optional(Type.String()),
  deadline: Type.Optional(Type.String({ description: 'When the whole interview ends' })),
  paused: Type.Boolean(),
  current: Type.Optional(
    Type.Object({
      item: ItemViewSchema,
      position: Type.Integer(),
      deadline: Type.String(),
      followUp: Type.Optional(Type.Object({ pointId: Type.String(), probe: Type.String() })),
    }),
  ),
  awaitingWarmUp: Type.Boolean(),
  progress: Type.Object({ asked: Type.Integer(), minItems: Type.Integer(), maxItems: Type.Integer() }),
  messages: Type.Array(SessionMessage),
  completedAt: Type.Optional(Type.String()),
  feedbackGiven: Type.Boolean(),
  /** What the server can do for this candidate: transcription needs an LLM endpoint. */
  capabilities: Type.Object({ transcription: Type.Boolean() }),
});
export type SessionView = Static<typeof SessionView>;

export const TurnReply = Type.Object({
  /** The messages this turn added (the candidate's own first, then the interviewer's). */
  messages: Type.Array(SessionMessage),
  session: SessionView,
});
export type TurnReply = Static<typeof TurnReply>;

export const IdempotencyKey = Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$', description: 'Client-chosen key; a retried request with the same key is not counted twice' });

export const ConsentBody = Type.Object({
  accepted: Type.Literal(true),
  /** A request for accommodations, forwarded to the recruiter. */
  accommodationRequest: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const MessageBody = Type.Object({ idempotencyKey: IdempotencyKey, text: Type.String({ maxLength: 20_000 }) });

export const AnswerBody = Type.Object({
  idempotencyKey: IdempotencyKey,
  itemId: Type.String({ maxLength: 200 }),
  answer: Type.Union([
    Type.Object({ kind: Type.Literal('choice'), selected: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 }) }),
    Type.Object({ kind: Type.Literal('formula'), formula: Type.String({ minLength: 1, maxLength: 8192 }) }),
    Type.Object({ kind: Type.Literal('concept'), text: Type.String({ maxLength: 20_000 }) }),
    Type.Object({ kind: Type.Literal('skip'), reason: Type.Optional(Type.Union([Type.Literal('skipped'), Type.Literal('dont-know')])) }),
  ]),
});
export type AnswerBody = Static<typeof AnswerBody>;

export const UploadQuery = Type.Object({ idempotencyKey: IdempotencyKey, fileName: Type.String({ maxLength: 255 }) });

export const PreviewBody = Type.Object({ formula: Type.String({ minLength: 1, maxLength: 8192 }) });
export const PreviewReply = Type.Object({ value: Type.Optional(Type.Unknown()), error: Type.Optional(Type.String()), failure: Type.Optional(Type.String()) });

export const INTEGRITY_EVENT_KINDS = ['paste', 'focus-lost', 'tab-hidden', 'fast-answer', 'length-jump'] as const;
export const IntegrityEventsBody = Type.Object({
  events: Type.Array(
    Type.Object({
      kind: Type.Union(INTEGRITY_EVENT_KINDS.map((k) => Type.Literal(k))),
      itemId: Type.Optional(Type.String({ maxLength: 200 })),
      at: Type.String({ format: 'date-time' }),
      data: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]))),
    }),
    { maxItems: 100 },
  ),
});

export const FeedbackBody = Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 4000 })) });

export const DemoReply = Type.Object({ token: Type.String(), interviewId: Type.String(), url: Type.String() });

export const TranscriptionReply = Type.Object({ text: Type.String() });
