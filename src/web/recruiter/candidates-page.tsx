import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, loadSession } from './api.js';
import { useProfiles } from './profiles-page.js';
import { navigate } from './router.js';

interface CandidateRow {
  interviewId: string;
  name: string;
  email: string;
  profileName: string;
  state: string;
  itemsAsked: number;
  currentItemId: string | null;
  score: number | null;
  label: string | null;
  createdAt: string;
}

const STATE_TEXT: Record<string, string> = { invited: 'Invited', consented: 'Consented', 'in-progress': 'In progress', completed: 'Completed', expired: 'Expired', abandoned: 'Abandoned' };

/** Candidates and invitations: add one or import a CSV, copy invite links, watch status live over SSE. */
export function CandidatesPage() {
  const [profiles] = useProfiles();
  const [rows, setRows] = useState<CandidateRow[]>([]);
  const [profileId, setProfileId] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [csv, setCsv] = useState('');
  const [links, setLinks] = useState<{ name: string; url: string }[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [live, setLive] = useState(false);

  const load = useCallback(() => void api<{ candidates: CandidateRow[] }>('GET', '/candidates').then((r) => setRows(r.candidates), () => undefined), []);
  useEffect(load, [load]);
  useEffect(() => {
    if (!profileId && profiles[0]) setProfileId(profiles[0].id);
  }, [profiles, profileId]);

  useEffect(() => {
    const session = loadSession();
    if (!session) return;
    const source = new EventSource(`/api/v1/interviews/stream?access_token=${encodeURIComponent(session.accessToken)}`);
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('interview', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { id: string; state: string; itemsAsked?: number; currentItemId?: string | null };
      setRows((current) => {
        if (!current.some((r) => r.interviewId === data.id)) {
          load();
          return current;
        }
        if (data.state === 'completed') setTimeout(load, 300);
        return current.map((r) => (r.interviewId === data.id ? { ...r, state: data.state, itemsAsked: data.itemsAsked ?? r.itemsAsked, currentItemId: data.currentItemId ?? null } : r));
      });
    });
    return () => source.close();
  }, [load]);

  async function invite(event: FormEvent) {
    event.preventDefault();
    setError('');
    try {
      const created = await api<{ inviteUrl: string }>('POST', '/interviews', { profileId, candidate: { name, email } });
      setLinks([{ name, url: created.inviteUrl }, ...links]);
      setName('');
      setEmail('');
      load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function importCsv(event: FormEvent) {
    event.preventDefault();
    setError('');
    try {
      const result = await api<{ invited: { name: string; inviteUrl: string }[]; problems: { line: number; message: string }[] }>('POST', '/candidates/import', { profileId, csv });
      setLinks([...result.invited.map((i) => ({ name: i.name, url: i.inviteUrl })), ...links]);
      setProblems(result.problems.map((p) => `Line ${p.line}: ${p.message}`));
      load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="candidates-title">
      <h1 id="candidates-title">Candidates <span className={`live ${live ? 'on' : ''}`} aria-live="polite">{live ? '● live' : '○ connecting'}</span></h1>
      <div className="grid two">
        <form className="card" onSubmit={invite} aria-label="Invite a candidate">
          <h2>Invite a candidate</h2>
          <label>
            Profile
            <select name="profile" value={profileId} onChange={(e) => setProfileId(e.target.value)} required>
              {profiles.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
          <label>Name <input name="candidate-name" value={name} onChange={(e) => setName(e.target.value)} required /></label>
          <label>Email <input name="candidate-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
          <button type="submit" className="primary">Send invitation</button>
          {error && <p role="alert" className="error">{error}</p>}
        </form>
        <form className="card" onSubmit={importCsv} aria-label="Import candidates">
          <h2>Import a CSV</h2>
          <p className="muted small">A header row with <code>name,email</code> (optionally <code>phone,external_id</code>).</p>
          <label>
            CSV file
            <input type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
          </label>
          <label>Or paste it <textarea rows={4} value={csv} onChange={(e) => setCsv(e.target.value)} /></label>
          <button type="submit" disabled={!csv.trim()}>Import and invite</button>
          {problems.length > 0 && <ul className="error">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
        </form>
      </div>
      {links.length > 0 && (
        <div className="card">
          <h2>Invitation links</h2>
          <p className="muted small">Email is sent by the notifications service when it is configured; you can also copy a link.</p>
          <ul className="plain">
            {links.map((l) => (
              <li key={l.url} className="link-row">
                <span>{l.name}</span> <code className="invite-link">{l.url}</code>
                <button type="button" onClick={() => void navigator.clipboard?.writeText(l.url)}>Copy link</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <table className="data" aria-label="Candidates">
        <thead><tr><th>Candidate</th><th>Profile</th><th>Status</th><th>Progress</th><th>Score</th><th>Invited</th><th></th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.interviewId} data-interview={r.interviewId} data-state={r.state}>
              <td><b>{r.name || '—'}</b><div className="muted small">{r.email}</div></td>
              <td>{r.profileName}</td>
              <td><span className={`state ${r.state}`}>{STATE_TEXT[r.state] ?? r.state}</span></td>
              <td className="progress-cell">{r.state === 'in-progress' ? `question ${r.itemsAsked}${r.currentItemId ? ` · ${r.currentItemId}` : ''}` : r.itemsAsked > 0 ? `${r.itemsAsked} questions` : ''}</td>
              <td>{r.score ?? ''}{r.label ? <span className="muted small"> {r.label}</span> : null}</td>
              <td>{r.createdAt.slice(0, 10)}</td>
              <td>{r.state === 'completed' || r.state === 'in-progress' ? <button type="button" onClick={() => navigate(`/recruiter/interviews/${r.interviewId}`)}>Open report</button> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
