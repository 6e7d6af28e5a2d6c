import { useEffect, useState } from 'react';
import { api, download } from './api.js';
import { useProfiles } from './profiles-page.js';
import { navigate } from './router.js';

interface Row {
  interviewId: string;
  candidate: string;
  email: string;
  state: string;
  score: number | null;
  bandLow: number | null;
  bandHigh: number | null;
  level: string;
  passed: string;
  pendingReviews: number;
  integrityEvents: number;
  skills: Record<string, number | null>;
}

/** Candidates of one profile side by side, filtered, with CSV, .xlsx, JSON and NDJSON exports. */
export function ComparePage() {
  const [profiles] = useProfiles();
  const [profileId, setProfileId] = useState('');
  const [state, setState] = useState('completed');
  const [minScore, setMinScore] = useState('');
  const [passedOnly, setPassedOnly] = useState(false);
  const [data, setData] = useState<{ rows: Row[]; skillAreas: string[] }>({ rows: [], skillAreas: [] });
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: 'score', desc: true });

  useEffect(() => {
    if (!profileId && profiles[0]) setProfileId(profiles[0].id);
  }, [profiles, profileId]);
  const query = () => new URLSearchParams({ profileId, ...(state ? { state } : {}), ...(minScore ? { minScore } : {}), ...(passedOnly ? { passedOnly: 'true' } : {}) }).toString();
  useEffect(() => {
    if (profileId) void api<{ rows: Row[]; skillAreas: string[] }>('GET', `/comparison?${query()}`).then(setData, () => undefined);
  }, [profileId, state, minScore, passedOnly]);

  const value = (r: Row, key: string): number | string => (key.startsWith('skill:') ? (r.skills[key.slice(6)] ?? -1) : ((r as unknown as Record<string, number | string | null>)[key] ?? -1));
  const rows = [...data.rows].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    return (x < y ? -1 : x > y ? 1 : 0) * (sort.desc ? -1 : 1);
  });
  const header = (key: string, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : true })}>{label}</button>
    </th>
  );

  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">Compare candidates</h1>
      <div className="toolbar" role="group" aria-label="Filters">
        <label>Profile <select value={profileId} onChange={(e) => setProfileId(e.target.value)}>{profiles.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select></label>
        <label>Status <select value={state} onChange={(e) => setState(e.target.value)}><option value="">any</option><option value="completed">completed</option><option value="in-progress">in progress</option><option value="invited">invited</option></select></label>
        <label>Min score <input type="number" min={0} max={100} value={minScore} onChange={(e) => setMinScore(e.target.value)} /></label>
        <label className="inline"><input type="checkbox" checked={passedOnly} onChange={(e) => setPassedOnly(e.target.checked)} /> passed only</label>
        <span className="spacer" />
        <button type="button" onClick={() => void download(`/comparison?${query()}&format=csv`, 'comparison.csv')}>CSV</button>
        <button type="button" className="primary" onClick={() => void download(`/comparison?${query()}&format=xlsx`, 'comparison.xlsx')}>Excel (.xlsx)</button>
        <button type="button" onClick={() => void download(`/comparison?${query()}&format=json`, 'comparison.json')}>JSON</button>
        <button type="button" onClick={() => void download(`/comparison?${query()}&format=ndjson`, 'comparison.ndjson')}>NDJSON</button>
      </div>
      <div className="scroll">
        <table className="data" aria-label="Comparison">
          <thead>
            <tr>
              {header('candidate', 'Candidate')}{header('score', 'Score')}<th>Band</th>{header('level', 'Level')}{header('passed', 'Passed')}{header('pendingReviews', 'Reviews')}{header('integrityEvents', 'Integrity')}
              {data.skillAreas.map((a) => <th key={a}>{header(`skill:${a}`, a.replace(/-/g, ' '))}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.interviewId}>
                <td><button type="button" className="link" onClick={() => navigate(`/recruiter/interviews/${r.interviewId}`)}>{r.candidate}</button></td>
                <td><b>{r.score ?? ''}</b></td><td>{r.bandLow !== null ? `${r.bandLow}–${r.bandHigh}` : ''}</td><td>{r.level}</td><td>{r.passed}</td><td>{r.pendingReviews || ''}</td><td>{r.integrityEvents || ''}</td>
                {data.skillAreas.map((a) => <td key={a} className="heat" style={{ background: r.skills[a] === null || r.skills[a] === undefined ? undefined : `hsl(${Math.round((r.skills[a] as number) * 1.2)}, 70%, 88%)` }}>{r.skills[a] ?? ''}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
