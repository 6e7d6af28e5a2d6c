/**
 * The only reader of process.env. One schema gives both the runtime check and the type; loading
 * lists every problem at once. Defaults run with no `.env`: embedded PGlite in ./data, in-process
 * jobs and events, offline graders.
 */
import path from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

const Url = (protocols: readonly string[], description: string) =>
  Type.String({ pattern: `^(${protocols.join('|')})://`, description });

export const ConfigSchema = Type.Object({
  /** TCP port the HTTP server listens on. */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'HTTP port' }),
  /** Interface to bind; 0.0.0.0 serves the LAN, 127.0.0.1 only this machine. */
  HOST: Type.String({ default: '0.0.0.0', description: 'Interface to bind' }),
  /** Folder for the embedded database, generated keys and uploads. */
  DATA_DIR: Type.String({ default: './data', description: 'Data folder (embedded PGlite, keys, uploads)' }),
  /** PostgreSQL connection string; when set, replaces embedded PGlite. */
  DATABASE_URL: Type.Optional(Url(['postgres', 'postgresql'], 'PostgreSQL URL; unset = embedded PGlite')),
  /** Connections per instance in the Postgres pool. */
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'Postgres pool size' }),
  /** Redis URL; when set, adds the shared cache, rate limits, pub/sub fan-out and the BullMQ queue. */
  REDIS_URL: Type.Optional(Url(['redis', 'rediss'], 'Redis URL; unset = in-process equivalents')),
  /** OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp server). */
  LLM_BASE_URL: Type.Optional(Url(['http', 'https'], 'OpenAI-compatible LLM base URL; unset = offline graders')),
  /** Bearer key for the LLM endpoint. */
  LLM_API_KEY: Type.Optional(Type.String({ description: 'LLM API key' })),
  /** Model name passed to the LLM endpoint. */
  LLM_MODEL: Type.String({ default: 'gpt-4o-mini', description: 'LLM model name' }),
  /** Milliseconds before an LLM call is abandoned (the offline grade is used). */
  LLM_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 20000, description: 'LLM call timeout' }),
  /** Public base URL used in invite links and emails. */
  PUBLIC_URL: Type.Optional(Url(['http', 'https'], 'Public base URL for links; default http://localhost:PORT')),
  /** pino level. */
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info', description: 'Log level' }),
  /** Milliseconds to finish in-flight requests on SIGTERM before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 10000, description: 'Graceful shutdown budget' }),
  /** Requests per minute per client IP on the API. */
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600, description: 'API requests per minute per IP' }),
  /** Comma-separated origins allowed by CORS; empty = same origin only. */
  CORS_ORIGINS: Type.String({ default: '', description: 'CORS allow-list (comma-separated)' }),
  /** Largest accepted request body in bytes (uploads included). */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 12 * 1024 * 1024, description: 'Max request body' }),
  /** Worker threads that grade formula and workbook answers off the API's event loop; unset = CPU cores − 1 (at least 1). */
  GRADING_THREADS: Type.Optional(Type.Integer({ minimum: 0, maximum: 64, description: 'Grading threads; unset = cores − 1 (≥ 1); 0 = grade on the API thread' })),
  /** Seed the demo organisation, profile and bank on start. */
  DEMO_SEED: Type.Boolean({ default: true, description: 'Seed a demo profile anyone can try' }),
  /** Key ring for personal data at rest, `id:<base64 32 bytes>,…` (first = current); unset = generated into DATA_DIR/keys.json. */
  ENCRYPTION_KEYS: Type.Optional(Type.String({ description: 'Encryption keys id:base64,… (first is current); unset = generated in DATA_DIR' })),
  /** Key for the searchable keyed hash of emails (base64, 32 bytes); required with ENCRYPTION_KEYS. */
  ENCRYPTION_INDEX_KEY: Type.Optional(Type.String({ description: 'Search-hash key (base64, 32 bytes), with ENCRYPTION_KEYS' })),
  /** Speech-to-text model name at the LLM endpoint. */
  LLM_TRANSCRIPTION_MODEL: Type.String({ default: 'whisper-1', description: 'Transcription model at the LLM endpoint' }),
  /** Load the bank folder into the items table on start. */
  BANK_DIR: Type.String({ default: 'bank', description: 'Item bank folder loaded on start' }),
  /** HS256 key for staff access tokens (base64, ≥ 32 bytes); unset = generated once into DATA_DIR/auth-secret. Instances behind one load balancer must share it. */
  JWT_SECRET: Type.Optional(Type.String({ description: 'Access-token signing key (base64, ≥ 32 bytes); unset = generated in DATA_DIR' })),
  /** Lifetime of a staff access token in seconds; short, because it is checked without a session lookup for revocation beyond the account state. */
  ACCESS_TOKEN_TTL_SEC: Type.Integer({ minimum: 60, maximum: 3600, default: 900, description: 'Access token lifetime (s)' }),
  /** Lifetime of a refresh token in days (each use rotates it). */
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 14, description: 'Refresh token lifetime (days)' }),
  /** First start only: the first admin's email (with ADMIN_PASSWORD); otherwise a one-time setup link is logged. */
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email', description: 'First admin email (first start only)' })),
  /** First start only: the first admin's password (at least 12 characters). */
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12, description: 'First admin password (first start only)' })),
  /** First start only: the name of the first admin's organisation. */
  ADMIN_ORGANISATION: Type.String({ default: 'My organisation', description: "First admin's organisation name" }),
  /** Failed sign-ins before an account locks; each further failure doubles the lock (capped at an hour). */
  SIGN_IN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'Failed sign-ins before lockout' }),
  /** The first lockout in seconds. */
  LOCKOUT_BASE_SEC: Type.Integer({ minimum: 1, maximum: 3600, default: 60, description: 'First lockout duration (s)' }),
  /** Requests per minute per IP on sign-in, refresh, reset and setup routes. */
  AUTH_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 20, description: 'Auth route requests per minute per IP' }),
  /** Requests per minute per signed-in user or API key, across all instances when REDIS_URL is set. */
  RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: Type.Integer({ minimum: 1, default: 1200, description: 'API requests per minute per user or key' }),
  /** OTLP/HTTP collector base URL (traces go to <url>/v1/traces); unset = tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Url(['http', 'https'], 'OpenTelemetry OTLP/HTTP endpoint for traces; unset = tracing off')),
  /** OpenID Connect issuer URL (Google: https://accounts.google.com; Microsoft: https://login.microsoftonline.com/<tenant>/v2.0); unset = no SSO. */
  OIDC_ISSUER: Type.Optional(Url(['http', 'https'], 'OpenID Connect issuer; unset = password sign-in only')),
  /** OAuth client id registered with the issuer. */
  OIDC_CLIENT_ID: Type.Optional(Type.String({ description: 'OIDC client id' })),
  /** OAuth client secret (confidential client). */
  OIDC_CLIENT_SECRET: Type.Optional(Type.String({ description: 'OIDC client secret' })),
  /** SMTP server for emails (`smtp://user:pass@host:587`, `smtps://…:465`); unset = emails are not sent. */
  SMTP_URL: Type.Optional(Url(['smtp', 'smtps'], 'SMTP URL for emails; unset = no emails')),
  /** The From address of emails. */
  SMTP_FROM: Type.String({ default: 'excel-interviewer <no-reply@localhost>', description: 'Email From address' }),
  /** Twilio-compatible Messages API root for SMS. */
  SMS_BASE_URL: Type.String({ default: 'https://api.twilio.com', pattern: '^https?://', description: 'Twilio-compatible SMS API root' }),
  /** SMS account SID (HTTP Basic user); with SMS_AUTH_TOKEN and SMS_FROM, turns SMS on. */
  SMS_ACCOUNT_SID: Type.Optional(Type.String({ description: 'SMS account SID; unset = no SMS' })),
  /** SMS auth token (HTTP Basic password). */
  SMS_AUTH_TOKEN: Type.Optional(Type.String({ description: 'SMS auth token' })),
  /** SMS sender: an E.164 number or a messaging service id (MG…). */
  SMS_FROM: Type.Optional(Type.String({ description: 'SMS sender number or messaging service' })),
  /** A running job's lease: a worker that dies mid-job has its job run again this long after its last heartbeat. */
  JOB_LEASE_MS: Type.Integer({ minimum: 500, default: 60000, description: 'Job lease before a crashed run is retried (ms)' }),
  /** Jobs one instance runs at once. */
  JOB_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'Concurrent jobs per instance' }),
  /** BullMQ queue name (instances sharing Redis and a database share it). */
  JOB_QUEUE: Type.String({ default: 'excel-interviewer-jobs', pattern: '^[A-Za-z0-9_.-]+$', description: 'BullMQ queue name' }),
  /** Milliseconds before an outgoing webhook request is abandoned (and retried). */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10000, description: 'Outgoing webhook timeout (ms)' }),
  /** Attempts per webhook delivery before it is marked failed (backoff doubles from 10 s). */
  WEBHOOK_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 8, description: 'Attempts per webhook delivery' }),
  /** First retry delay of a failed webhook delivery; doubles each attempt, with jitter. */
  WEBHOOK_BACKOFF_MS: Type.Integer({ minimum: 10, default: 10000, description: 'First webhook retry delay (ms)' }),
  /**
   * Let organisations point webhooks and Slack/Teams URLs at loopback, private (RFC 1918, fc00::/7),
   * link-local, CGNAT and metadata addresses. Off: only public addresses, checked when a URL is saved
   * and again at each delivery (SSRF guard). Turn on only where every internal target is meant to be reachable.
   */
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: Type.Boolean({ default: false, description: 'Allow webhooks and Slack/Teams URLs on private, loopback and metadata addresses (SSRF guard off)' }),
});

export type Config = Static<typeof ConfigSchema> & {
  /** Absolute data folder. */
  readonly dataDir: string;
  /** PUBLIC_URL or the local default. */
  readonly publicUrl: string;
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/** Reads and checks configuration from an environment map; every problem is reported, not just the first. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): ConfigResult {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, schema] of Object.entries(ConfigSchema.properties)) {
    const text = env[key];
    if (text === undefined || text === '') continue;
    const type = (schema as { type?: string }).type;
    if (type === 'integer') {
      const n = Number(text);
      if (!Number.isInteger(n)) problems.push(`${key}: expected an integer, got "${text}"`);
      else raw[key] = n;
    } else if (type === 'boolean') {
      const b = BOOLEAN_TEXT[text.toLowerCase()];
      if (b === undefined) problems.push(`${key}: expected true or false, got "${text}"`);
      else raw[key] = b;
    } else {
      raw[key] = text;
    }
  }
  const withDefaults = Value.Default(ConfigSchema, raw) as Record<string, unknown>;
  for (const error of Value.Errors(ConfigSchema, withDefaults)) {
    const key = error.instancePath.replace(/^\//, '') || (error.params as { requiredProperties?: string[] }).requiredProperties?.[0] || 'config';
    const schema = (ConfigSchema.properties as Record<string, { description?: string; anyOf?: { const?: unknown }[] }>)[key];
    const choices = schema?.anyOf?.map((option) => option.const);
    const message = choices ? `must be one of ${choices.join(', ')}` : error.message;
    problems.push(`${key}: ${message}${schema?.description ? ` (${schema.description})` : ''}`);
  }
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const parsed = withDefaults as Static<typeof ConfigSchema>;
  return {
    ok: true,
    config: {
      ...parsed,
      dataDir: path.resolve(cwd, parsed.DATA_DIR),
      publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ''),
    },
  };
}

/** Describes every setting for `--help` and the README table. */
export function describeConfig(): { name: string; description: string; default?: unknown }[] {
  return Object.entries(ConfigSchema.properties).map(([name, schema]) => {
    const s = schema as { description?: string; default?: unknown };
    return { name, description: s.description ?? '', ...(s.default !== undefined ? { default: s.default } : {}) };
  });
}
