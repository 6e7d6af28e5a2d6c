/**
 * The composition root: config → store → services → api + jobs. The only module that wires
 * concrete pieces together.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type App, buildApp, type IntegrationServices, type SecurityServices } from './api/app.js';
import { createAuthenticator } from './api/authenticate.js';
import { AuditService } from './services/audit/audit-service.js';
import { ApiKeyService } from './services/auth/api-key-service.js';
import { AuthService } from './services/auth/auth-service.js';
import { InviteRevocationService } from './services/auth/invite-revocation-service.js';
import { OidcClient } from './services/auth/oidc-client.js';
import { createArgon2PasswordHasher } from './services/auth/password-hasher.js';
import { createLoggingMailer, type PasswordResetMailer } from './services/auth/password-reset-mailer.js';
import { loadSigningKey } from './services/auth/signing-key.js';
import { UserService } from './services/auth/user-service.js';
import { PrivacyService } from './services/privacy/privacy-service.js';
import { ApiKeyRepository } from './store/repositories/api-key-repository.js';
import { AuditRepository } from './store/repositories/audit-repository.js';
import { AuthTokenRepository } from './store/repositories/auth-token-repository.js';
import { InviteRepository } from './store/repositories/invite-repository.js';
import { PrivacyRepository } from './store/repositories/privacy-repository.js';
import { RefreshTokenRepository } from './store/repositories/refresh-token-repository.js';
import { UserRepository } from './store/repositories/user-repository.js';
import { createEventDispatcher, registerJobs, scheduleJobs } from './jobs/register-jobs.js';
import { ExportService } from './services/export/export-service.js';
import { GreenhouseService } from './services/integrations/greenhouse/greenhouse-service.js';
import { EffectLedger } from './services/notifications/effect-ledger.js';
import { createSmtpMailer, type Mailer, unconfiguredMailer } from './services/notifications/mailer.js';
import { NotificationService } from './services/notifications/notification-service.js';
import { NotificationTemplateService } from './services/notifications/notification-template-service.js';
import { TwilioSmsClient, unconfiguredSms } from './services/notifications/sms-provider.js';
import type { HiringEvent } from './services/webhooks/hiring-event.js';
import { WebhookService } from './services/webhooks/webhook-service.js';
import { ExportRepository } from './store/repositories/export-repository.js';
import { GreenhouseRepository } from './store/repositories/greenhouse-repository.js';
import { NotificationRepository } from './store/repositories/notification-repository.js';
import { EffectRepository, OutboxRepository } from './store/repositories/outbox-repository.js';
import { WebhookRepository } from './store/repositories/webhook-repository.js';
import type { Config } from './config.js';
import { BullMqRunner } from './jobs/bullmq-runner.js';
import { InProcessRunner } from './jobs/in-process-runner.js';
import type { JobRunner } from './jobs/job-runner.js';
import { type EventBus, InProcessEventBus } from './services/event-bus.js';
import { createOpenAiCompatibleProvider } from './llm/create-openai-compatible-provider.js';
import { InterviewerVoice } from './llm/interviewer-voice.js';
import type { LlmProvider } from './llm/llm-provider.js';
import { GradingService } from './services/grading-service.js';
import { HealthService } from './services/health-service.js';
import { registerBusinessMetrics } from './services/business-metrics.js';
import { InterviewService } from './services/interview-service.js';
import { Metrics } from './services/metrics.js';
import { ItemService } from './services/item-service.js';
import { ProfileService } from './services/profile-service.js';
import { RedisEventBus } from './services/redis-event-bus.js';
import { SeedService } from './services/seed-service.js';
import { createFieldCipher } from './store/crypto/field-cipher.js';
import { loadKeyRing } from './store/crypto/key-ring-file.js';
import { migrateToLatest } from './store/migrate.js';
import { KyselyTracingPlugin } from './observability/kysely-tracing-plugin.js';
import { registerPlatformProbes } from './observability/platform-probes.js';
import { startTracing } from './observability/tracing.js';
import { AnalyticsService } from './services/analytics-service.js';
import { CandidateService } from './services/candidate-service.js';
import { ReportService } from './services/report-service.js';
import { ReviewService, type ReviewedEvent } from './services/review-service.js';
import { AnalyticsRepository } from './store/repositories/analytics-repository.js';
import { ReportShareRepository } from './store/repositories/report-share-repository.js';
import { ReviewRepository } from './store/repositories/review-repository.js';
import { openStore, type Store } from './store/open-store.js';
import { CandidateRepository } from './store/repositories/candidate-repository.js';
import { InterviewRepository } from './store/repositories/interview-repository.js';
import { ItemRepository } from './store/repositories/item-repository.js';
import { OrganisationRepository } from './store/repositories/organisation-repository.js';
import { ProfileRepository } from './store/repositories/profile-repository.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_ROOT = path.join(REPO_ROOT, 'dist', 'web');

/** Everything a running instance holds, so that it can be closed in order. */
export interface Platform {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly redis: Redis | undefined;
  readonly events: EventBus;
  readonly jobs: JobRunner;
  readonly metrics: Metrics;
  readonly app: App;
  readonly services: {
    readonly interviews: InterviewService;
    readonly profiles: ProfileService;
    readonly seed: SeedService;
    readonly grading: GradingService;
    readonly security: SecurityServices;
    readonly workspace: WorkspaceServices;
    readonly integrations: IntegrationServices & { readonly notifications: NotificationService; readonly dispatch: (event: HiringEvent) => Promise<void> };
  };
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Serve the built web apps (default: when dist/web exists). */
  readonly webRoot?: string | undefined;
  /** Process jobs in this instance (default true; `worker` processes only). */
  readonly processJobs?: boolean;
  /** Injected clock for tests. */
  readonly now?: () => Date;
  /** An already open store (tests pass one per backend); default: opened from the config. */
  readonly store?: Store;
}

/** Opens the store, migrates, connects Redis when configured, and builds the HTTP app (not yet listening). */
export async function createPlatform(config: Config, logger: Logger, options: PlatformOptions = {}): Promise<Platform> {
  const tracing = config.OTEL_EXPORTER_OTLP_ENDPOINT ? startTracing({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }) : undefined;
  const opened = options.store ?? (await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolMax: config.DATABASE_POOL_MAX }));
  const store: Store = tracing ? { ...opened, db: opened.db.withPlugin(new KyselyTracingPlugin(opened.backend)) } : opened;
  try {
    const { applied } = await migrateToLatest(store.db, store.schema);
    if (applied.length > 0) logger.info({ applied, backend: store.backend }, 'database migrated');
  } catch (error) {
    await store.close();
    throw error;
  }
  logger.info({ backend: store.backend, location: store.location }, 'database ready');

  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }) : undefined;
  redis?.on('error', (error) => logger.warn({ reason: error.message }, 'redis unavailable; using local fallbacks'));
  const events: EventBus = config.REDIS_URL ? new RedisEventBus(config.REDIS_URL) : new InProcessEventBus();
  const jobs: JobRunner = config.REDIS_URL
    ? new BullMqRunner(config.REDIS_URL, logger, config.JOB_QUEUE, { leaseMs: config.JOB_LEASE_MS, concurrency: config.JOB_CONCURRENCY })
    : new InProcessRunner(logger, { queue: new OutboxRepository(store.db), leaseMs: config.JOB_LEASE_MS, concurrency: config.JOB_CONCURRENCY });
  // Business events become jobs (webhooks, emails, ATS callbacks); bound once the integrations exist.
  let dispatchEvent: (event: HiringEvent) => Promise<void> = async () => undefined;

  const health = new HealthService(store);
  if (redis) {
    health.addProbe('redis', async () => {
      await redis.ping();
      return { ok: true, detail: 'shared limits, events and jobs' };
    });
  }
  const keys = loadKeyRing({ dataDir: config.dataDir, keysSpec: config.ENCRYPTION_KEYS, indexKey: config.ENCRYPTION_INDEX_KEY });
  if (keys.generated) logger.warn({ file: keys.source }, 'generated a new encryption key ring for personal data: back this file up; without it stored personal data cannot be read');
  const cipher = createFieldCipher(keys.ring);

  const itemRepository = new ItemRepository(store.db);
  const profileRepository = new ProfileRepository(store.db);
  const items = new ItemService(itemRepository);
  const llm: LlmProvider | undefined = config.LLM_BASE_URL
    ? createOpenAiCompatibleProvider({ baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS, transcriptionModel: config.LLM_TRANSCRIPTION_MODEL, ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}) })
    : undefined;
  const metrics = new Metrics();
  registerBusinessMetrics(metrics, store.db);
  const stopProbes = registerPlatformProbes(metrics, { health, jobs, poolCounts: () => store.poolCounts?.(), redisUrl: config.REDIS_URL });
  const grading = new GradingService(logger, llm, { metrics, threads: config.GRADING_THREADS ?? Math.max(1, availableParallelism() - 1) });
  const now = options.now ?? (() => new Date());
  const interviews = new InterviewService({
    ...(llm ? { voice: new InterviewerVoice(llm) } : {}),
    interviews: new InterviewRepository(store.db, cipher),
    profiles: profileRepository,
    candidates: new CandidateRepository(store.db, cipher),
    items: itemRepository,
    grading,
    events,
    logger,
    publicUrl: config.publicUrl,
    now,
    onEvent: (event) => dispatchEvent(event),
  });
  const profiles = new ProfileService(profileRepository);
  const seed = new SeedService({ items: itemRepository, organisations: new OrganisationRepository(store.db), profiles: profileRepository, logger });
  if (config.DEMO_SEED) {
    const imported = await seed.importBank(path.resolve(REPO_ROOT, config.BANK_DIR));
    logger.info({ added: imported.added, unchanged: imported.unchanged, rejected: imported.rejected }, 'item bank loaded');
    if (imported.problems.length > 0) logger.warn({ problems: imported.problems.slice(0, 20) }, 'bank items with problems were not loaded; run `excel-interviewer bank validate`');
    await seed.ensureDemo();
  }

  const security = await createSecurity(config, logger, store, { cipher, indexKey: keys.ring.indexKey, now });
  const integrations = createIntegrations(config, logger, store, { cipher, jobs, interviews, apiKeys: security.apiKeys, audit: security.audit, now });
  dispatchEvent = integrations.dispatch;
  jobs.define({ name: 'apply-retention', handler: async () => {
    const { erased } = await security.privacy.applyRetention();
    if (erased > 0) logger.info({ erased }, 'retention: erased candidates past their organisation retention period');
  } });

  const webRoot = options.webRoot ?? (existsSync(WEB_ROOT) ? WEB_ROOT : undefined);
  const authenticate = createAuthenticator({ auth: security.auth, apiKeys: security.apiKeys });
  const reviewedRecords = new InterviewRepository(store.db, cipher);
  const workspace = createWorkspace(config, store, {
    cipher,
    indexKey: keys.ring.indexKey,
    interviews,
    events,
    audit: security.audit,
    now,
    // A human decision is a business event too: webhooks announce it with the reviews still pending.
    onReviewed: async (event) => dispatchEvent({ type: 'review.completed', ...event, pendingReviewCount: await reviewedRecords.countOpenReviews(event.interviewId) }),
  });
  const app = await buildApp({ config, logger, services: { health, items, interviews, profiles, ...workspace }, authenticate, security, integrations, redis, webRoot, now, metrics, tracing: tracing !== undefined });
  if (options.processJobs ?? true) {
    await jobs.every('apply-retention', 86_400_000);
    await scheduleJobs(jobs);
    await jobs.start();
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await jobs.close();
      await stopProbes();
      integrations.close();
      await events.close();
      await redis?.quit().catch(() => undefined);
      await store.close();
      await grading.dispose();
      await tracing?.shutdown();
    })());
  return { config, logger, store, redis, events, jobs, metrics, app, services: { interviews, profiles, seed, grading, security, integrations, workspace }, close };
}

/** The recruiter's workspace (issue 9): reports, analytics, the review queue, candidates. */
export interface WorkspaceServices {
  readonly reports: ReportService;
  readonly analytics: AnalyticsService;
  readonly reviews: ReviewService;
  readonly candidates: CandidateService;
}

export function createWorkspace(
  config: Config,
  store: Store,
  deps: { cipher: ReturnType<typeof createFieldCipher>; indexKey: Buffer; interviews: InterviewService; events: EventBus; audit: AuditService; now: () => Date; onReviewed?: (event: ReviewedEvent) => Promise<void> },
): WorkspaceServices {
  const { cipher, now } = deps;
  const interviewRecords = new InterviewRepository(store.db, cipher);
  const candidates = new CandidateRepository(store.db, cipher);
  const profiles = new ProfileRepository(store.db);
  const items = new ItemRepository(store.db);
  const reviewRepository = new ReviewRepository(store.db, cipher);
  const analyticsRepository = new AnalyticsRepository(store.db, cipher);
  const pseudonymKey = createHmac('sha256', deps.indexKey).update('excel-interviewer pseudonyms v1').digest();
  return {
    reports: new ReportService({ interviews: interviewRecords, analytics: analyticsRepository, candidates, profiles, items, reviews: reviewRepository, shares: new ReportShareRepository(store.db), publicUrl: config.publicUrl, pseudonymKey, now }),
    analytics: new AnalyticsService({ analytics: analyticsRepository, reviews: reviewRepository, items, profiles, now }),
    reviews: new ReviewService({
      reviews: reviewRepository,
      items,
      audit: deps.audit,
      now,
      ...(deps.onReviewed ? { onReviewed: deps.onReviewed } : {}),
    }),
    candidates: new CandidateService({ interviews: deps.interviews, interviewRecords, candidates, profiles, analytics: analyticsRepository, events: deps.events, now }),
  };
}

/**
 * Accounts, API keys, audit and privacy (issue 8), and the first admin: from ADMIN_EMAIL and
 * ADMIN_PASSWORD, else a one-time setup link in the log. There is never a default password.
 */
export async function createSecurity(
  config: Config,
  logger: Logger,
  store: Store,
  crypto: { cipher: ReturnType<typeof createFieldCipher>; indexKey: Buffer; now: () => Date },
  options: { bootstrap?: boolean; mailer?: PasswordResetMailer } = {},
): Promise<SecurityServices> {
  const { cipher, now } = crypto;
  const signing = loadSigningKey({ dataDir: config.dataDir, secret: config.JWT_SECRET });
  if (signing.generated) logger.warn({ file: signing.source }, 'generated a new access-token signing key: back it up, and give every instance the same JWT_SECRET');
  const users = new UserRepository(store.db);
  const refreshTokens = new RefreshTokenRepository(store.db);
  const authTokens = new AuthTokenRepository(store.db);
  const audit = new AuditService(new AuditRepository(store.db), crypto.indexKey, now);
  const hasher = createArgon2PasswordHasher();
  const auth = new AuthService({
    users,
    refreshTokens,
    authTokens,
    organisations: new OrganisationRepository(store.db),
    audit,
    hasher,
    cipher,
    mailer: options.mailer ?? createLoggingMailer(logger),
    signingKey: signing.key,
    settings: {
      issuer: config.publicUrl,
      publicUrl: config.publicUrl,
      accessTokenTtlSec: config.ACCESS_TOKEN_TTL_SEC,
      refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
      maxFailedSignIns: config.SIGN_IN_MAX_FAILURES,
      lockoutBaseSec: config.LOCKOUT_BASE_SEC,
    },
    now,
  });
  const oidc =
    config.OIDC_ISSUER && config.OIDC_CLIENT_ID
      ? new OidcClient({ settings: { issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET, redirectUri: `${config.publicUrl}/api/v1/auth/oidc/callback` }, authTokens, users, auth, now })
      : undefined;
  const first = options.bootstrap === false ? ({ kind: 'exists' } as const) : await auth.ensureFirstAdmin({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, organisationName: config.ADMIN_ORGANISATION });
  if (first.kind === 'created') logger.info({ userId: first.user.id }, 'first admin created from ADMIN_EMAIL; remove ADMIN_PASSWORD from the environment');
  if (first.kind === 'setup-link') logger.warn({ expiresAt: first.expiresAt.toISOString() }, `no accounts yet: open this one-time link to create the first admin (or run \`excel-interviewer users create --role admin\`): ${first.url}`);
  return {
    auth,
    users: new UserService({ users, refreshTokens, audit, hasher, auth, now }),
    apiKeys: new ApiKeyService({ keys: new ApiKeyRepository(store.db), audit, now }),
    audit,
    privacy: new PrivacyService({ privacy: new PrivacyRepository(store.db, cipher), audit, now }),
    invites: new InviteRevocationService({ invites: new InviteRepository(store.db), audit, now }),
    oidc,
  };
}

/** Starts listening and closes gracefully on SIGTERM/SIGINT: stop accepting, finish in-flight, close pools. */
export async function serve(config: Config, logger: Logger): Promise<Platform> {
  const platform = await createPlatform(config, logger);
  await platform.app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ url: config.publicUrl, backend: platform.store.backend, jobs: platform.jobs.kind, events: platform.events.kind }, 'excel-interviewer is serving');
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    platform.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return platform;
}

/**
 * Jobs, notifications and integrations with the hiring stack (issue 10): email, SMS and team
 * channels behind the effect ledger, outgoing webhooks, Greenhouse, bulk export, and the event
 * dispatcher the interview service's `onEvent` calls. Every job is registered here, so API
 * instances can enqueue and `excel-interviewer worker` can process.
 */
export function createIntegrations(
  config: Config,
  logger: Logger,
  store: Store,
  deps: { cipher: ReturnType<typeof createFieldCipher>; jobs: JobRunner; interviews: InterviewService; apiKeys: { authenticate(key: string): Promise<{ organisationId: string; scopes?: readonly string[] } | undefined> }; audit?: AuditService; now: () => Date },
): IntegrationServices & { notifications: NotificationService; dispatch: (event: HiringEvent) => Promise<void>; close(): void } {
  const { jobs, now } = deps;
  const ledger = new EffectLedger(new EffectRepository(store.db), now, config.JOB_LEASE_MS);
  const smtp = config.SMTP_URL ? createSmtpMailer({ url: config.SMTP_URL, from: config.SMTP_FROM }) : undefined;
  const mailer: Mailer = smtp ?? unconfiguredMailer;
  const sms =
    config.SMS_ACCOUNT_SID && config.SMS_AUTH_TOKEN && config.SMS_FROM
      ? new TwilioSmsClient({ baseUrl: config.SMS_BASE_URL, accountSid: config.SMS_ACCOUNT_SID, authToken: config.SMS_AUTH_TOKEN, from: config.SMS_FROM })
      : unconfiguredSms;
  const outbound = { allowPrivateNetworks: config.OUTBOUND_ALLOW_PRIVATE_NETWORKS };
  const notificationRecords = new NotificationRepository(store.db, deps.cipher);
  const notifications = new NotificationService({ notifications: notificationRecords, candidates: new CandidateRepository(store.db, deps.cipher), mailer, sms, ledger, publicUrl: config.publicUrl, logger, now, outbound, ...(deps.audit ? { audit: deps.audit } : {}) });
  const notificationTemplates = deps.audit ? new NotificationTemplateService({ notifications: notificationRecords, audit: deps.audit, now }) : undefined;
  const webhooks = new WebhookService({
    webhooks: new WebhookRepository(store.db, deps.cipher),
    scheduleDelivery: async (deliveryId, jobKey) => void (await jobs.enqueue('deliver-webhook', { deliveryId }, { jobId: jobKey })),
    publicUrl: config.publicUrl,
    logger,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    now,
    outbound,
  });
  const greenhouse = new GreenhouseService({ greenhouse: new GreenhouseRepository(store.db), profiles: new ProfileRepository(store.db), interviews: new InterviewRepository(store.db, deps.cipher), invitations: deps.interviews, ledger, publicUrl: config.publicUrl, logger, outbound });
  const exports = new ExportService(new ExportRepository(store.db));
  registerJobs({ jobs, notifications, webhooks, greenhouse, logger, webhookAttempts: config.WEBHOOK_ATTEMPTS, webhookBackoffMs: config.WEBHOOK_BACKOFF_MS });
  const dispatch = createEventDispatcher({ jobs, notifications, webhooks });
  return { notifications, notificationTemplates, webhooks, greenhouse, exports, apiKeys: deps.apiKeys, dispatch, close: () => smtp?.close() };
}
