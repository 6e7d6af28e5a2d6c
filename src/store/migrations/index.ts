import type { Migration } from 'kysely/migration';
import * as initial from './0001-initial.js';
import * as accounts from './0002-accounts.js';
import * as recruiterWorkspace from './0004-recruiter-workspace.js';
import * as jobsAndEffects from './0006-jobs-and-effects.js';
import * as webhooksAndIntegrations from './0007-webhooks-and-integrations.js';
import * as itemExposure from './0008-item-exposure.js';

/** Every migration, in order. Names sort; a new migration is appended with the next number. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-accounts': accounts,
  '0004-recruiter-workspace': recruiterWorkspace,
  '0006-jobs-and-effects': jobsAndEffects,
  '0007-webhooks-and-integrations': webhooksAndIntegrations,
  '0008-item-exposure': itemExposure,
};
