import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Answer } from '../../domain/grading/grade.js';
import type { InterviewService } from '../../services/interview-service.js';
import { inviteToken } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import {
  AnswerBody,
  ConsentBody,
  DemoReply,
  FeedbackBody,
  IntegrityEventsBody,
  MessageBody,
  PreviewBody,
  PreviewReply,
  SessionView,
  TranscriptionReply,
  TurnReply,
  UploadQuery,
} from '../schemas/session.js';

const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
const ItemParams = Type.Object({ itemId: Type.String({ maxLength: 200 }) });
const security: { [scheme: string]: string[] }[] = [{ inviteToken: [] }];

/** Service results are checked against the route's response schema when serialised; the domain's readonly types meet TypeBox's here. */
const asReply = <T>(value: T): never => value as never;
const turnErrors = errorResponses(400, 401, 409, 410, 413, 415, 429);

/** The candidate's interview, authenticated by the invite token. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ interviews: InterviewService; maxUploadBytes: number }> = async (app, { interviews, maxUploadBytes }) => {
  app.addContentTypeParser(['application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel.sheet.macroEnabled.12'], { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_request, body, done) => done(null, body));
  app.addContentTypeParser(/^audio\//, { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_request, body, done) => done(null, body));

  app.post('/demo', { schema: { tags: ['candidate'], summary: 'Start a demo interview (no sign-in)', response: { 201: DemoReply, ...errorResponses(429, 503) } }, config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (_request, reply) =>
    reply.status(201).send(await interviews.createDemo()),
  );

  app.get('/session', { schema: { tags: ['candidate'], summary: 'The interview as the candidate sees it', security, querystring: TokenQuery, response: { 200: SessionView, ...errorResponses(401) } } }, async (request) =>
    asReply(await interviews.view(inviteToken(request))),
  );

  app.post('/session/consent', { schema: { tags: ['candidate'], summary: 'Agree to the terms; the interviewer greets', security, body: ConsentBody, response: { 200: SessionView, ...turnErrors } } }, async (request) =>
    asReply(await interviews.consent(inviteToken(request), { accommodationRequest: request.body.accommodationRequest })),
  );

  app.post('/session/start', { schema: { tags: ['candidate'], summary: 'Start the clock: warm-up or first question', security, response: { 200: SessionView, ...turnErrors } } }, async (request) =>
    asReply(await interviews.start(inviteToken(request))),
  );

  app.post('/session/messages', { schema: { tags: ['candidate'], summary: 'Say something: an answer in words, or ask to repeat, clarify, skip', security, body: MessageBody, response: { 200: TurnReply, ...turnErrors } } }, async (request) =>
    asReply(await interviews.message(inviteToken(request), request.body.idempotencyKey, request.body.text)),
  );

  app.post('/session/answers', { schema: { tags: ['candidate'], summary: 'Answer the current question', security, body: AnswerBody, response: { 200: TurnReply, ...turnErrors } } }, async (request) => {
    const body = request.body;
    const answer: Answer = body.answer.kind === 'skip' ? { kind: 'skip', reason: body.answer.reason ?? 'skipped' } : body.answer;
    return asReply(await interviews.answer(inviteToken(request), body.idempotencyKey, body.itemId, answer));
  });

  app.post(
    '/session/items/:itemId/upload',
    { schema: { tags: ['candidate'], summary: 'Upload the edited .xlsx for a workbook task (raw bytes)', security, params: ItemParams, querystring: UploadQuery, response: { 200: TurnReply, ...turnErrors } } },
    async (request) => {
      const body = request.body as unknown;
      if (!(body instanceof Buffer)) throw Object.assign(new Error('send the .xlsx bytes with content-type application/octet-stream'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
      return asReply(await interviews.upload(inviteToken(request), request.query.idempotencyKey, request.params.itemId, request.query.fileName, new Uint8Array(body)));
    },
  );

  app.get('/session/items/:itemId/workbook', { schema: { tags: ['candidate'], summary: 'Download the starting workbook', security, params: ItemParams, querystring: TokenQuery } }, async (request, reply) => {
    const { fileName, bytes } = await interviews.startingWorkbook(inviteToken(request), request.params.itemId);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(bytes));
  });

  app.post('/session/preview', { schema: { tags: ['candidate'], summary: 'Evaluate a formula on the visible sheet (live preview)', security, body: PreviewBody, response: { 200: PreviewReply, ...errorResponses(401, 409) } }, config: { rateLimit: { max: 240, timeWindow: 60_000 } } }, async (request) =>
    interviews.preview(inviteToken(request), request.body.formula),
  );

  app.post('/session/pause', { schema: { tags: ['candidate'], summary: 'Pause the clocks', security, response: { 200: SessionView, ...turnErrors } } }, async (request) => asReply(await interviews.pause(inviteToken(request))));
  app.post('/session/resume', { schema: { tags: ['candidate'], summary: 'Resume after a pause', security, response: { 200: SessionView, ...turnErrors } } }, async (request) => asReply(await interviews.resume(inviteToken(request))));

  app.post('/session/integrity-events', { schema: { tags: ['candidate'], summary: 'Record integrity signals (events, never verdicts)', security, body: IntegrityEventsBody, response: { 204: Type.Null(), ...errorResponses(400, 401) } } }, async (request, reply) => {
    await interviews.recordIntegrityEvents(inviteToken(request), request.body.events);
    return reply.status(204).send(null);
  });

  app.post('/session/feedback', { schema: { tags: ['candidate'], summary: 'How the interview felt (optional)', security, body: FeedbackBody, response: { 204: Type.Null(), ...turnErrors } } }, async (request, reply) => {
    await interviews.feedback(inviteToken(request), request.body.rating, request.body.comment ?? '');
    return reply.status(204).send(null);
  });

  app.post('/session/transcribe', { schema: { tags: ['candidate'], summary: 'Speech to text for a spoken answer (when configured)', security, response: { 200: TranscriptionReply, ...errorResponses(401, 413, 415, 503) } } }, async (request) => {
    const body = request.body as unknown;
    if (!(body instanceof Buffer)) throw Object.assign(new Error('send audio bytes'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    return { text: await interviews.transcribe(inviteToken(request), new Uint8Array(body), String(request.headers['content-type'] ?? 'audio/webm')) };
  });

  const streams = new Set<{ end(): void }>();
  app.addHook('onClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get('/session/stream', { schema: { tags: ['candidate'], summary: 'Server-sent events: new messages and state changes', security, querystring: TokenQuery } }, async (request, reply) => {
    const interviewId = await interviews.interviewIdFor(inviteToken(request));
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no', 'x-request-id': request.id });
    raw.write(': connected\n\n');
    streams.add(raw);
    const unsubscribe = interviews.subscribe(interviewId, (event) => raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`));
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(raw);
    });
  });
};
