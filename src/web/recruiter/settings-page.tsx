import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from './api.js';

interface NotificationSettings {
  locale: 'en' | 'fr';
  recruiterEmails: string[];
  slackWebhook: { origin: string } | null;
  teamsWebhook: { origin: string } | null;
  smsInvitations: boolean;
  candidateFeedback: boolean;
  reminderHoursBefore: number;
}
interface TemplateOverview {
  locales: string[];
  kinds: { kind: string; description: string; placeholders: { name: string; description: string }[] }[];
  customised: { kind: string; locale: string; updatedAt: string }[];
}
interface TemplateView {
  kind: string;
  locale: string;
  source: 'custom' | 'default';
  subject: string;
  text: string;
  html: string | null;
}
interface Preview {
  subject: string;
  text: string;
  html: string;
}

const messageOf = (error: unknown) => (error instanceof ApiError ? error.message : 'The request failed.');

/** Organisation settings for admins: who is notified and how, and the email templates in each language. */
export function SettingsPage() {
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <div className="grid two">
        <NotificationSettingsCard />
        <TemplatesCard />
      </div>
    </section>
  );
}

function NotificationSettingsCard() {
  const [settings, setSettings] = useState<NotificationSettings>();
  const [emails, setEmails] = useState('');
  const [slack, setSlack] = useState('');
  const [teams, setTeams] = useState('');
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const show = (s: NotificationSettings) => {
    setSettings(s);
    setEmails(s.recruiterEmails.join(', '));
    setSlack('');
    setTeams('');
  };
  useEffect(() => {
    void api<NotificationSettings>('GET', '/notification-settings').then(show, (e: unknown) => setStatus({ kind: 'error', text: messageOf(e) }));
  }, []);
  if (!settings) return <div className="card" aria-busy="true">Loading notification settings…</div>;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!settings) return;
    setStatus(undefined);
    const body = {
      locale: settings.locale,
      recruiterEmails: emails.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean),
      smsInvitations: settings.smsInvitations,
      candidateFeedback: settings.candidateFeedback,
      reminderHoursBefore: settings.reminderHoursBefore,
      // Addresses are secrets shown by origin only: sent only when typed anew.
      ...(slack.trim() ? { slackWebhookUrl: slack.trim() } : {}),
      ...(teams.trim() ? { teamsWebhookUrl: teams.trim() } : {}),
    };
    try {
      show(await api<NotificationSettings>('PUT', '/notification-settings', body));
      setStatus({ kind: 'ok', text: 'Notification settings saved.' });
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  }

  async function remove(field: 'slackWebhookUrl' | 'teamsWebhookUrl') {
    try {
      show(await api<NotificationSettings>('PUT', '/notification-settings', { [field]: null }));
      setStatus({ kind: 'ok', text: 'Address removed.' });
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  }

  const update = (patch: Partial<NotificationSettings>) => setSettings({ ...settings, ...patch });
  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-label="Notification settings">
      <h2>Notifications</h2>
      <label>
        Language of emails and texts
        <select value={settings.locale} onChange={(e) => update({ locale: e.target.value as 'en' | 'fr' })}>
          <option value="en">English</option>
          <option value="fr">French</option>
        </select>
      </label>
      <label>
        Recruiters notified when an interview completes (comma-separated emails)
        <input type="text" value={emails} onChange={(e) => setEmails(e.target.value)} />
      </label>
      <label>
        Remind candidates this many hours before the invitation expires (0 = never)
        <input type="number" min={0} max={336} value={settings.reminderHoursBefore} onChange={(e) => update({ reminderHoursBefore: Number(e.target.value) })} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={settings.smsInvitations} onChange={(e) => update({ smsInvitations: e.target.checked })} /> Text the invitation too, when there is a phone number
      </label>
      <label className="inline">
        <input type="checkbox" checked={settings.candidateFeedback} onChange={(e) => update({ candidateFeedback: e.target.checked })} /> Send candidates a short feedback summary
      </label>
      <fieldset>
        <legend>Team channels (completions and reviews needed)</legend>
        {(['slack', 'teams'] as const).map((channel) => {
          const current = channel === 'slack' ? settings.slackWebhook : settings.teamsWebhook;
          const label = channel === 'slack' ? 'Slack incoming webhook URL' : 'Microsoft Teams incoming webhook URL';
          return (
            <div key={channel}>
              <label>
                {label}
                <input type="text" placeholder={current ? `set (${current.origin}/…); type a new one to replace it` : 'https://…'} value={channel === 'slack' ? slack : teams} onChange={(e) => (channel === 'slack' ? setSlack : setTeams)(e.target.value)} />
              </label>
              {current && (
                <button type="button" className="link" onClick={() => void remove(channel === 'slack' ? 'slackWebhookUrl' : 'teamsWebhookUrl')}>
                  Remove the {channel === 'slack' ? 'Slack' : 'Teams'} address
                </button>
              )}
            </div>
          );
        })}
      </fieldset>
      {status && <p role={status.kind === 'error' ? 'alert' : 'status'} className={status.kind}>{status.text}</p>}
      <button type="submit" className="primary">Save notification settings</button>
    </form>
  );
}

function TemplatesCard() {
  const [overview, setOverview] = useState<TemplateOverview>();
  const [selected, setSelected] = useState<{ kind: string; locale: string }>();
  const [draft, setDraft] = useState<TemplateView>();
  const [preview, setPreview] = useState<Preview>();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const loadOverview = () => void api<TemplateOverview>('GET', '/notification-templates').then(setOverview, (e: unknown) => setStatus({ kind: 'error', text: messageOf(e) }));
  useEffect(loadOverview, []);
  useEffect(() => {
    if (!selected) return;
    setPreview(undefined);
    void api<TemplateView>('GET', `/notification-templates/${selected.kind}/${selected.locale}`).then(setDraft, (e: unknown) => setStatus({ kind: 'error', text: messageOf(e) }));
  }, [selected]);
  if (!overview) return <div className="card" aria-busy="true">Loading email templates…</div>;

  const isCustom = (kind: string, locale: string) => overview.customised.some((c) => c.kind === kind && c.locale === locale);
  const kind = overview.kinds.find((k) => k.kind === selected?.kind);
  const path = selected ? `/notification-templates/${selected.kind}/${selected.locale}` : '';

  async function run(action: () => Promise<void>) {
    setStatus(undefined);
    try {
      await action();
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  }
  const body = () => ({ subject: draft?.subject ?? '', text: draft?.text ?? '', ...(draft?.html ? { html: draft.html } : {}) });

  return (
    <div className="card">
      <h2>Email templates</h2>
      <table className="data">
        <thead>
          <tr>
            <th>Email</th>
            {overview.locales.map((l) => <th key={l}>{l}</th>)}
          </tr>
        </thead>
        <tbody>
          {overview.kinds.map((k) => (
            <tr key={k.kind}>
              <td>{k.description}</td>
              {overview.locales.map((l) => (
                <td key={l}>
                  <button type="button" className="link" aria-label={`Edit the ${k.kind} email in ${l}`} onClick={() => setSelected({ kind: k.kind, locale: l })}>
                    {isCustom(k.kind, l) ? 'custom' : 'built-in'}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {selected && draft && draft.kind === selected.kind && draft.locale === selected.locale && (
        <form onSubmit={(e) => { e.preventDefault(); void run(async () => { setDraft(await api<TemplateView>('PUT', path, body())); setStatus({ kind: 'ok', text: 'Template saved.' }); loadOverview(); }); }} aria-label={`The ${selected.kind} email in ${selected.locale}`}>
          <h3>{kind?.description} ({selected.locale}) · {draft.source === 'custom' ? 'your template' : 'built-in'}</h3>
          <p className="muted small">Placeholders: {kind?.placeholders.map((p) => <code key={p.name} title={p.description}>{`{{${p.name}}}`}</code>)}</p>
          <label>
            Subject
            <input type="text" value={draft.subject} onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />
          </label>
          <label>
            Plain text
            <textarea rows={7} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
          </label>
          <label>
            HTML (optional; built from the text when empty)
            <textarea rows={5} value={draft.html ?? ''} onChange={(e) => setDraft({ ...draft, html: e.target.value || null })} />
          </label>
          {status && <p role={status.kind === 'error' ? 'alert' : 'status'} className={status.kind}>{status.text}</p>}
          <div className="row">
            <button type="submit" className="primary">Save template</button>
            <button type="button" onClick={() => void run(async () => setPreview(await api<Preview>('POST', `${path}/preview`, body())))}>Preview</button>
            {draft.source === 'custom' && (
              <button type="button" onClick={() => void run(async () => { await api('DELETE', path); setDraft(await api<TemplateView>('GET', path)); setStatus({ kind: 'ok', text: 'Back to the built-in template.' }); loadOverview(); })}>
                Use the built-in template
              </button>
            )}
          </div>
          {preview && (
            <div className="card" aria-label="Preview with sample values">
              <h3>Preview: {preview.subject}</h3>
              <pre className="small wrap">{preview.text}</pre>
            </div>
          )}
        </form>
      )}
      {!draft && status && <p role="alert" className="error">{status.text}</p>}
    </div>
  );
}
