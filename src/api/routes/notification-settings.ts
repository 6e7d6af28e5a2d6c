import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../services/audit/audit-service.js';
import type { NotificationService } from '../../services/notifications/notification-service.js';
import { supportedLocale } from '../../services/notifications/templates.js';
import type { NotificationSettings } from '../../store/repositories/notification-repository.js';
import { principalOf, requireRole } from '../auth.js';
import { errorResponses } from '../schemas/common.js';
import { NotificationSettingsView, SaveNotificationSettingsBody } from '../schemas/notification-settings.js';

const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }];
const adminOnly = requireRole('admin');
const tags = ['notifications'];

const origin = (url: string | null) => (url ? { origin: new URL(url).origin } : null);

function view(settings: NotificationSettings) {
  return {
    locale: supportedLocale(settings.locale),
    recruiterEmails: [...settings.recruiterEmails],
    slackWebhook: origin(settings.slackWebhookUrl),
    teamsWebhook: origin(settings.teamsWebhookUrl),
    smsInvitations: settings.smsInvitations,
    candidateFeedback: settings.candidateFeedback,
    reminderHoursBefore: settings.reminderHoursBefore,
  };
}

/** The organisation's notification settings, for admins: language, recruiter recipients, Slack and Teams, SMS, feedback, reminders. */
export const notificationSettingsRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationService }> = async (app, { notifications }) => {
  app.get('/notification-settings', { preHandler: adminOnly, schema: { tags, summary: 'The organisation’s notification settings (Slack and Teams addresses shown by origin only)', security, response: { 200: NotificationSettingsView, ...errorResponses(401, 403) } } }, async (request) =>
    view(await notifications.settings(principalOf(request).organisationId)),
  );

  app.put('/notification-settings', { preHandler: adminOnly, schema: { tags, summary: 'Change notification settings; fields left out stay; Slack and Teams addresses must be public (SSRF guard)', security, body: SaveNotificationSettingsBody, response: { 200: NotificationSettingsView, ...errorResponses(400, 401, 403) } } }, async (request) => {
    const principal = principalOf(request);
    const current = await notifications.settings(principal.organisationId);
    const { recruiterEmails, ...changes } = request.body;
    // Fields left out of the body are absent, so the current values stay.
    const next: NotificationSettings = { ...current, ...changes, ...(recruiterEmails ? { recruiterEmails: recruiterEmails.map((e) => e.trim().toLowerCase()) } : {}) };
    await notifications.saveSettings(next, actorOf(principal));
    return view(await notifications.settings(principal.organisationId));
  });
};
