import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { HealthService } from '../services/health-service.js';
import type { InterviewService } from '../services/interview-service.js';
import type { Metrics } from '../services/metrics.js';
import type { ItemService } from '../services/item-service.js';
import type { ProfileService } from '../services/profile-service.js';
import type { AnalyticsService } from '../services/analytics-service.js';
import type { CandidateService } from '../services/candidate-service.js';
import type { ReportService } from '../services/report-service.js';
import type { ReviewService } from '../services/review-service.js';
import { analyticsRoutes } from './routes/analytics.js';
import { candidateRoutes } from './routes/candidates.js';
import { reportRoutes } from './routes/reports.js';
import { reviewRoutes } from './routes/reviews.js';
import type { Authenticator } from './auth.js';
import { addPrincipalRateLimit, authoriseBeforeValidation } from './authenticate.js';
import type { ApiKeyService } from '../services/auth/api-key-service.js';
import type { AuditService } from '../services/audit/audit-service.js';
import type { AuthService } from '../services/auth/auth-service.js';
import type { InviteRevocationService } from '../services/auth/invite-revocation-service.js';
import type { OidcClient } from '../services/auth/oidc-client.js';
import type { UserService } from '../services/auth/user-service.js';
import type { PrivacyService } from '../services/privacy/privacy-service.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { inviteRevocationRoutes } from './routes/invite-revocation.js';
import { privacyRoutes } from './routes/privacy.js';
import { userRoutes } from './routes/users.js';
import type { ExportService } from '../services/export/export-service.js';
import type { GreenhouseService } from '../services/integrations/greenhouse/greenhouse-service.js';
import type { WebhookService } from '../services/webhooks/webhook-service.js';
import type { NotificationTemplateService } from '../services/notifications/notification-template-service.js';
import type { NotificationService } from '../services/notifications/notification-service.js';
import { exportRoutes } from './routes/exports.js';
import { greenhouseRoutes } from './routes/greenhouse.js';
import { webhookRoutes } from './routes/webhooks.js';
import { notificationSettingsRoutes } from './routes/notification-settings.js';
import { notificationTemplateRoutes } from './routes/notification-templates.js';
import { registerErrorHandler } from './error-handler.js';
import { createFallbackRateLimit, type FallbackRateLimit } from './fallback-rate-limit-store.js';
import { registerValidatorCompiler } from './validator-compiler.js';
import { registerMetricsHooks } from './metrics-hooks.js';
import { registerRequestTracing } from '../observability/request-tracing.js';
import { healthRoutes } from './routes/health.js';
import { interviewRoutes } from './routes/interviews.js';
import { itemRoutes } from './routes/items.js';
import { profileRoutes } from './routes/profiles.js';
import { sessionRoutes } from './routes/session.js';
import { ErrorBody } from './schemas/common.js';
import { webRoutes } from './web.js';

/** What the HTTP layer needs; main.ts builds it, tests build it with a PGlite store. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly services: {
    readonly health: HealthService;
    readonly items: ItemService;
    readonly interviews: InterviewService;
    readonly profiles: ProfileService;
    /** The recruiter's workspace (issue 9); its routes are registered when these are given. */
    readonly reports?: ReportService | undefined;
    readonly analytics?: AnalyticsService | undefined;
    readonly reviews?: ReviewService | undefined;
    readonly candidates?: CandidateService | undefined;
  };
  /** Resolves staff credentials (sessions, API keys); without it, staff routes answer 401. */
  readonly authenticate?: Authenticator | undefined;
  /** Accounts, keys, audit and privacy (issue 8); main.ts builds them. */
  readonly security?: SecurityServices | undefined;
  /** Webhooks, Greenhouse and bulk export (issue 10); main.ts builds them. */
  readonly integrations?: IntegrationServices | undefined;
  readonly now?: () => Date;
  /** Prometheus instruments; `/metrics` is served when given. */
  readonly metrics?: Metrics | undefined;
  /** A span per request (OpenTelemetry); main.ts sets it when OTEL_EXPORTER_OTLP_ENDPOINT is configured. */
  readonly tracing?: boolean | undefined;
  /** Shared rate-limit counters when Redis is configured. */
  readonly redis?: Redis | undefined;
  /** Folder with the built web apps; omitted in API-only tests. */
  readonly webRoot?: string | undefined;
}

export type App = FastifyInstance;

/** The integrations the API serves (issue 10). */
export interface IntegrationServices {
  readonly webhooks: WebhookService;
  readonly greenhouse: GreenhouseService;
  readonly exports: ExportService;
  /** Resolves an organisation API key (Greenhouse sends it as the HTTP Basic user name). */
  readonly apiKeys: { authenticate(key: string): Promise<{ organisationId: string; scopes?: readonly string[] } | undefined> };
  /** The organisation's email templates; their routes are registered when given. */
  readonly notificationTemplates?: NotificationTemplateService | undefined;
  /** The organisation's notification settings; their routes are registered when given. */
  readonly notifications?: NotificationService | undefined;
}

export interface SecurityServices {
  readonly auth: AuthService;
  readonly users: UserService;
  readonly apiKeys: ApiKeyService;
  readonly audit: AuditService;
  readonly privacy: PrivacyService;
  readonly invites: InviteRevocationService;
  readonly oidc?: OidcClient | undefined;
}


const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Redis-shared rate-limit counters with a per-instance fallback, logged when the mode changes and reported on `/ready` as `rateLimits`. */
function fallbackRateLimits(redis: Redis, logger: Logger, health: HealthService): FallbackRateLimit {
  const limits = createFallbackRateLimit(redis, {
    nameSpace: 'xi:rl:',
    onChange: (mode) => {
      if (mode.kind === 'local') logger.warn({ reason: mode.reason }, 'rate limits are counted per instance while Redis is unreachable');
      else logger.info('rate limits are shared through Redis again');
    },
  });
  health.addProbe('rateLimits', async () => {
    // Ask Redis here too, so that /ready tells the truth even before the next counted request.
    await redis.ping().catch((error: unknown) => limits.reportFailure(error instanceof Error ? error : new Error(String(error))));
    const mode = limits.mode();
    return mode.kind === 'shared'
      ? { ok: true, detail: 'shared by every instance (Redis)' }
      : { ok: true, detail: `local: counted per instance since ${mode.since.toISOString()}, Redis unreachable (${mode.reason})` };
  });
  return limits;
}

/** Builds the Fastify server: plugins, OpenAPI, error shape, routes under /api/v1, web apps. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    trustProxy: true,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidatorCompiler(app as unknown as FastifyInstance);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandler(app);
  app.addSchema(ErrorBody);
  if (deps.metrics) registerMetricsHooks(app, deps.metrics);
  if (deps.tracing) registerRequestTracing(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
      },
    },
  });
  const origins = deps.config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  await app.register(cors, { origin: origins.length > 0 ? origins : false, credentials: true });
  const sharedLimits = deps.redis ? fallbackRateLimits(deps.redis, deps.logger, deps.services.health) : undefined;
  await app.register(rateLimit, {
    max: deps.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // Shared through Redis; while Redis is unreachable, counted per instance (Redis down must neither take the API down nor lift the limits).
    ...(sharedLimits ? { store: sharedLimits.store } : {}),
    allowList: (request) => request.url === '/health' || request.url === '/ready',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: { code: 'rate-limited', message: `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s` },
    }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'excel-interviewer API',
        version: '0.1.0',
        description: 'Interviews candidates on Excel: runs their formulas, adapts with IRT, grades explanations with evidence.',
        license: { name: 'GPL-3.0-or-later', url: 'https://www.gnu.org/licenses/gpl-3.0.html' },
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          inviteToken: { type: 'http', scheme: 'bearer', description: 'The candidate invite token from the invitation link' },
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A staff access token from /api/v1/auth/sign-in' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An organisation API key' },
          basicAuth: { type: 'http', scheme: 'basic', description: 'HTTP Basic with an API key as the user name (ATS integrations)' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { health: deps.services.health });
  const authenticate = deps.authenticate;
  if (authenticate) {
    app.addHook('onRequest', async (request) => {
      const principal = await authenticate(request);
      if (principal) request.principal = principal;
    });
    addPrincipalRateLimit(app, deps.config.RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE);
  }
  // Role guards run right after authentication, before body validation (see authenticate.ts).
  app.addHook('onRoute', authoriseBeforeValidation);
  const security = deps.security;
  const now = deps.now ?? (() => new Date());
  await app.register(
    async (api) => {
      await api.register(itemRoutes, { items: deps.services.items });
      await api.register(sessionRoutes, { interviews: deps.services.interviews, maxUploadBytes: deps.config.BODY_LIMIT_BYTES });
      await api.register(interviewRoutes, { interviews: deps.services.interviews });
      await api.register(profileRoutes, { profiles: deps.services.profiles, now });
      const { reports, analytics, reviews, candidates } = deps.services;
      if (reports) await api.register(reportRoutes, { reports });
      if (analytics) await api.register(analyticsRoutes, { analytics });
      if (reviews) await api.register(reviewRoutes, { reviews });
      if (candidates) await api.register(candidateRoutes, { candidates, verifyAccessToken: security ? (token: string) => security.auth.verifyAccessToken(token) : undefined });
      if (security) {
        const secureCookies = deps.config.publicUrl.startsWith('https://');
        await api.register(authRoutes, { auth: security.auth, oidc: security.oidc, secureCookies, authRateLimitPerMinute: deps.config.AUTH_RATE_LIMIT_PER_MINUTE, afterSignInUrl: `${deps.config.publicUrl}/` });
        await api.register(userRoutes, { users: security.users });
        await api.register(apiKeyRoutes, { apiKeys: security.apiKeys });
        await api.register(privacyRoutes, { privacy: security.privacy });
        await api.register(auditRoutes, { audit: security.audit });
        await api.register(inviteRevocationRoutes, { invites: security.invites });
      }
      const integrations = deps.integrations;
      if (integrations) {
        await api.register(webhookRoutes, { webhooks: integrations.webhooks });
        if (integrations.notificationTemplates) await api.register(notificationTemplateRoutes, { templates: integrations.notificationTemplates });
        if (integrations.notifications) await api.register(notificationSettingsRoutes, { notifications: integrations.notifications });
        await api.register(exportRoutes, { exports: integrations.exports });
        await api.register(greenhouseRoutes, { greenhouse: integrations.greenhouse, apiKeys: integrations.apiKeys, prefix: '/integrations/greenhouse' });
      }
    },
    { prefix: '/api/v1' },
  );
  if (deps.webRoot) await app.register(webRoutes, { root: deps.webRoot });
  return app as unknown as App;
}
