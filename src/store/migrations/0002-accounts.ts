import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.js';

/**
 * Accounts and data protection: sign-in state on users (lockout, TOTP, OIDC link), rotating
 * refresh tokens grouped in families, hashed API keys, one-time tokens (password reset, first-admin
 * setup, OIDC login state), invite revocation, and a uniqueness rule that makes an email address
 * name one staff account (so sign-in needs no organisation).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    alter table users add column session_epoch integer not null default 0;
    alter table users add column failed_attempts integer not null default 0;
    alter table users add column locked_until timestamptz;
    alter table users add column last_sign_in_at timestamptz;
    alter table users add column totp_secret_sealed text;
    alter table users add column totp_pending_sealed text;
    alter table users add column totp_last_step bigint;
    alter table users add column recovery_code_hashes jsonb not null default '[]'::jsonb;
    alter table users add column oidc_issuer text;
    alter table users add column oidc_subject text;
    alter table users add column updated_at timestamptz not null default now();
    create unique index users_email_global on users (lower(email));
    create unique index users_oidc on users (oidc_issuer, oidc_subject) where oidc_subject is not null;
    create table refresh_tokens (
      id uuid primary key,
      user_id uuid not null references users(id),
      organisation_id uuid not null references organisations(id),
      family_id uuid not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index refresh_tokens_family on refresh_tokens (family_id);
    create index refresh_tokens_user on refresh_tokens (user_id);
    create table api_keys (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      name text not null,
      prefix text not null unique,
      secret_hash text not null,
      role text not null check (role in ('recruiter', 'reviewer', 'analyst')),
      scopes jsonb not null,
      expires_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz,
      rotated_from uuid references api_keys(id),
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create index api_keys_org on api_keys (organisation_id, created_at desc);
    create table auth_tokens (
      id uuid primary key,
      purpose text not null check (purpose in ('password-reset', 'setup', 'oidc-login')),
      user_id uuid references users(id),
      token_hash text not null unique,
      data jsonb not null default '{}'::jsonb,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    alter table interviews add column revoked_at timestamptz;
    create index audit_events_org on audit_events (organisation_id, id desc);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, `
    drop index audit_events_org; alter table interviews drop column revoked_at;
    drop table auth_tokens; drop table api_keys; drop table refresh_tokens;
    drop index users_oidc; drop index users_email_global;
    alter table users drop column session_epoch; alter table users drop column failed_attempts; alter table users drop column locked_until;
    alter table users drop column last_sign_in_at; alter table users drop column totp_secret_sealed; alter table users drop column totp_pending_sealed;
    alter table users drop column totp_last_step; alter table users drop column recovery_code_hashes; alter table users drop column oidc_issuer;
    alter table users drop column oidc_subject; alter table users drop column updated_at;
  `);
}
