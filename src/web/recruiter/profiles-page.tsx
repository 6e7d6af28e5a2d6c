import { type FormEvent, useEffect, useState } from 'react';
import { api } from './api.js';
import { PROFILE_TEMPLATES, SKILL_AREAS, type ProfileTemplate } from './templates.js';

export interface ProfileView {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly level: number;
  readonly passScore?: number;
  readonly isDemo: boolean;
  readonly plan: { areaWeights: Record<string, number>; minItems: number; maxItems: number; targetSe: number; maxTimeSec: number; kinds?: string[] };
}

const KINDS = ['choice', 'formula', 'workbook', 'concept'] as const;
const title = (area: string) => area.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function useProfiles(): [ProfileView[], () => void] {
  const [profiles, setProfiles] = useState<ProfileView[]>([]);
  const load = () => void api<{ profiles: ProfileView[] }>('GET', '/profiles').then((r) => setProfiles(r.profiles.filter((p) => !p.isDemo)), () => undefined);
  useEffect(load, []);
  return [profiles, load];
}

/** Interview profiles: start from a template, adjust areas and weights, length, precision, pass mark; preview as a candidate. */
export function ProfilesPage() {
  const [profiles, reload] = useProfiles();
  const [draft, setDraft] = useState<ProfileTemplate>(PROFILE_TEMPLATES[0] as ProfileTemplate);
  const [name, setName] = useState(draft.name);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  function pick(template: ProfileTemplate) {
    setDraft(template);
    setName(template.name);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError('');
    try {
      const areaWeights = Object.fromEntries(SKILL_AREAS.map((a) => [a, draft.areaWeights[a] ?? 0]));
      const created = await api<ProfileView>('POST', '/profiles', {
        name, role: draft.role, level: draft.level, areaWeights, kinds: draft.kinds, minItems: draft.minItems, maxItems: draft.maxItems,
        targetSe: draft.targetSe, maxTimeMinutes: draft.maxTimeMinutes, passScore: draft.passScore,
      });
      setMessage(`Profile “${created.name}” created.`);
      reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function preview(profile: ProfileView) {
    const created = await api<{ inviteUrl: string }>('POST', '/interviews', { profileId: profile.id, candidate: { name: 'Preview (recruiter)', email: `preview-${Date.now()}@preview.invalid` }, expiresInDays: 1 });
    window.open(created.inviteUrl, '_blank', 'noopener');
  }

  const setWeight = (area: string, value: number) => setDraft({ ...draft, areaWeights: { ...draft.areaWeights, [area]: value } });
  const setNumber = (key: 'minItems' | 'maxItems' | 'maxTimeMinutes' | 'passScore' | 'level', value: number) => setDraft({ ...draft, [key]: value });

  return (
    <section aria-labelledby="profiles-title">
      <h1 id="profiles-title">Interview profiles</h1>
      <div className="grid two">
        <form className="card" onSubmit={save} aria-label="New profile">
          <h2>New profile</h2>
          <label>
            Template
            <select value={draft.id} onChange={(e) => pick(PROFILE_TEMPLATES.find((t) => t.id === e.target.value) as ProfileTemplate)}>
              {PROFILE_TEMPLATES.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </select>
          </label>
          <label>
            Name
            <input name="profile-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </label>
          <fieldset>
            <legend>Skill areas and weights (0 leaves an area out)</legend>
            <div className="weights">
              {SKILL_AREAS.map((area) => (
                <label key={area} className="weight">
                  <span>{title(area)}</span>
                  <input type="range" min={0} max={5} step={1} value={draft.areaWeights[area] ?? 0} onChange={(e) => setWeight(area, Number(e.target.value))} aria-valuetext={`${draft.areaWeights[area] ?? 0}`} />
                  <output>{draft.areaWeights[area] ?? 0}</output>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Item kinds</legend>
            {KINDS.map((kind) => (
              <label key={kind} className="inline">
                <input type="checkbox" checked={draft.kinds.includes(kind)} onChange={(e) => setDraft({ ...draft, kinds: e.target.checked ? [...draft.kinds, kind] : draft.kinds.filter((k) => k !== kind) })} /> {kind}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <label>Level <input type="number" min={1} max={5} value={draft.level} onChange={(e) => setNumber('level', Number(e.target.value))} /></label>
            <label>Min items <input type="number" min={1} max={60} value={draft.minItems} onChange={(e) => setNumber('minItems', Number(e.target.value))} /></label>
            <label>Max items <input type="number" min={1} max={60} value={draft.maxItems} onChange={(e) => setNumber('maxItems', Number(e.target.value))} /></label>
          </div>
          <div className="row">
            <label>Precision target (SE) <input type="number" min={0.15} max={1} step={0.05} value={draft.targetSe} onChange={(e) => setDraft({ ...draft, targetSe: Number(e.target.value) })} /></label>
            <label>Time limit (min) <input type="number" min={5} max={240} value={draft.maxTimeMinutes} onChange={(e) => setNumber('maxTimeMinutes', Number(e.target.value))} /></label>
            <label>Pass mark (0-100) <input type="number" min={0} max={100} value={draft.passScore} onChange={(e) => setNumber('passScore', Number(e.target.value))} /></label>
          </div>
          {error && <p role="alert" className="error">{error}</p>}
          {message && <p role="status" className="ok">{message}</p>}
          <button type="submit" className="primary">Create profile</button>
        </form>
        <div className="card">
          <h2>Your profiles</h2>
          {profiles.length === 0 && <p className="muted">No profiles yet.</p>}
          <ul className="plain">
            {profiles.map((p) => (
              <li key={p.id} className="profile">
                <div>
                  <b>{p.name}</b> <span className="muted">level {p.level} · {p.plan.minItems}-{p.plan.maxItems} items · SE {p.plan.targetSe} · {Math.round(p.plan.maxTimeSec / 60)} min{p.passScore !== undefined ? ` · pass ${p.passScore}` : ''}</span>
                  <div className="muted small">{Object.entries(p.plan.areaWeights).filter(([, w]) => w > 0).map(([a, w]) => `${title(a)} ×${w}`).join(', ')}</div>
                </div>
                <button type="button" onClick={() => void preview(p)}>Preview as candidate</button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
