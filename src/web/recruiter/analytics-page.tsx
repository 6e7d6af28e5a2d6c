import { type ReactElement, useEffect, useState } from 'react';
import { api } from './api.js';
import { Chart } from './chart.js';
import { useProfiles } from './profiles-page.js';

interface Distribution { n: number; mean: number | null; median: number | null; bins: { from: number; to: number; count: number }[] }
interface Agreement { exact: number; within1: number; qwk: number; n: number }
interface Overview {
  funnel: { invited: number; started: number; completed: number; expired: number; abandoned: number; liveNow: number; startRate: number | null; completionRate: number | null; medianDurationMin: number | null; dropOffByItem: { itemId: string; count: number }[] };
  invitationsByWeek: { period: string; invited: number; completed: number }[];
}
interface Fairness { passScore: number; candidatesWithData: number; attributes: { attribute: string; impact: { group: string; total: number; selected: number; rate: number; impactRatio: number | null; flagged: boolean; smallSample: boolean }[]; dif: { itemId: string; reference: string; focal: string; result: { deltaMh: number; etsClass: string; favours?: string } }[] }[] }

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`);

export function useProfileFilter(): [string, (id: string) => void, ReactElement] {
  const [profiles] = useProfiles();
  const [profileId, setProfileId] = useState('');
  const select = (
    <label>Profile <select value={profileId} onChange={(e) => setProfileId(e.target.value)}><option value="">All profiles</option>{profiles.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select></label>
  );
  return [profileId, setProfileId, select];
}

/** Operations, score distributions, pass rates, grader quality and fairness, as charts. */
export function AnalyticsPage({ role }: { role: string }) {
  const [profileId, , select] = useProfileFilter();
  const [overview, setOverview] = useState<Overview>();
  const [dist, setDist] = useState<{ overall: Distribution; skills: { area: string; title: string; distribution: Distribution }[] }>();
  const [rates, setRates] = useState<{ passScore: number; points: { period: string; completed: number; rate: number }[] }>();
  const [quality, setQuality] = useState<{ overall: Agreement | null; overTime: { period: string; agreement: Agreement }[]; routedShare: number | null; reviewed: number }>();
  const [fairness, setFairness] = useState<Fairness>();
  const owner = role === 'admin' || role === 'analyst';

  useEffect(() => {
    const q = profileId ? `?profileId=${profileId}` : '';
    void api<Overview>('GET', `/analytics/overview${q}`).then(setOverview, () => undefined);
    void api<typeof dist>('GET', `/analytics/distributions${q}`).then(setDist, () => undefined);
    void api<typeof rates>('GET', `/analytics/pass-rates${q}`).then(setRates, () => undefined);
    if (owner) {
      void api<typeof quality>('GET', `/analytics/grader-quality${q}`).then(setQuality, () => undefined);
      void api<Fairness>('GET', `/analytics/fairness${q}`).then(setFairness, () => undefined);
    }
  }, [profileId, owner]);

  const f = overview?.funnel;
  return (
    <section aria-labelledby="analytics-title">
      <h1 id="analytics-title">Analytics</h1>
      <div className="toolbar">{select}</div>
      {f && (
        <div className="kpis" role="list">
          <div role="listitem" className="kpi"><b>{f.invited}</b><span>invited</span></div>
          <div role="listitem" className="kpi"><b>{f.started}</b><span>started ({pct(f.startRate)})</span></div>
          <div role="listitem" className="kpi"><b>{f.completed}</b><span>completed ({pct(f.completionRate)})</span></div>
          <div role="listitem" className="kpi"><b>{f.medianDurationMin === null ? '—' : `${Math.round(f.medianDurationMin)} min`}</b><span>median duration</span></div>
          <div role="listitem" className="kpi live"><b>{f.liveNow}</b><span>live now</span></div>
        </div>
      )}
      <div className="grid two">
        {f && (
          <div className="card">
            <h2>Funnel</h2>
            <Chart label="Funnel: invited, started, completed" option={{ tooltip: {}, grid: { left: 90, right: 20, top: 10, bottom: 30 }, xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true, data: ['Invited', 'Started', 'Completed', 'Expired', 'Abandoned'] }, series: [{ type: 'bar', data: [f.invited, f.started, f.completed, f.expired, f.abandoned], label: { show: true, position: 'right' } }] }} />
            {f.dropOffByItem.length > 0 && <p className="small">Drop-off by item: {f.dropOffByItem.slice(0, 5).map((d) => `${d.itemId} (${d.count})`).join(', ')}</p>}
          </div>
        )}
        {dist && (
          <div className="card">
            <h2>Score distribution <span className="muted small">n = {dist.overall.n}{dist.overall.median !== null ? `, median ${dist.overall.median}` : ''}</span></h2>
            <Chart label="Histogram of overall scores" option={{ tooltip: {}, grid: { left: 40, right: 10, top: 10, bottom: 30 }, xAxis: { type: 'category', data: dist.overall.bins.map((b) => `${b.from}-${b.to}`) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', barCategoryGap: '5%', data: dist.overall.bins.map((b) => b.count), markLine: rates ? { symbol: 'none', data: [{ xAxis: `${Math.floor(rates.passScore / 10) * 10}-${Math.floor(rates.passScore / 10) * 10 + 10}` }], label: { formatter: `pass ${rates.passScore}` } } : undefined }] }} />
          </div>
        )}
        {rates && (
          <div className="card">
            <h2>Pass rate per week <span className="muted small">pass mark {rates.passScore}</span></h2>
            <Chart label="Pass rate over time" option={{ tooltip: { trigger: 'axis' }, grid: { left: 40, right: 40, top: 20, bottom: 30 }, xAxis: { type: 'category', data: rates.points.map((p) => p.period) }, yAxis: [{ type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }, { type: 'value', minInterval: 1 }], series: [{ type: 'line', name: 'pass rate', data: rates.points.map((p) => p.rate) }, { type: 'bar', name: 'completed', yAxisIndex: 1, data: rates.points.map((p) => p.completed), itemStyle: { opacity: 0.35 } }] }} />
          </div>
        )}
        {dist && dist.skills.length > 0 && (
          <div className="card">
            <h2>Skill score medians</h2>
            <Chart label="Median score per skill" option={{ tooltip: {}, grid: { left: 190, right: 20, top: 10, bottom: 30 }, xAxis: { type: 'value', max: 100 }, yAxis: { type: 'category', data: dist.skills.map((s) => s.title) }, series: [{ type: 'bar', data: dist.skills.map((s) => s.distribution.median) }] }} height={Math.max(200, dist.skills.length * 26)} />
          </div>
        )}
        {quality && (
          <div className="card">
            <h2>Grader quality</h2>
            <p>{quality.reviewed} answers reviewed; {pct(quality.routedShare)} of answers routed to review.</p>
            {quality.overall && <p>Machine vs human: exact {pct(quality.overall.exact)}, within one point {pct(quality.overall.within1)}, quadratic kappa {quality.overall.qwk.toFixed(2)}.</p>}
            {quality.overTime.length > 0 && <Chart label="Agreement over time" option={{ tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: quality.overTime.map((p) => p.period) }, yAxis: { type: 'value', max: 1 }, series: [{ type: 'line', name: 'exact', data: quality.overTime.map((p) => p.agreement.exact) }, { type: 'line', name: 'QWK', data: quality.overTime.map((p) => p.agreement.qwk) }] }} />}
          </div>
        )}
      </div>
      {fairness && (
        <div className="card">
          <h2>Fairness <span className="muted small">{fairness.candidatesWithData} candidates volunteered data; pass mark {fairness.passScore}</span></h2>
          {fairness.attributes.length === 0 && <p className="muted">No candidate has volunteered demographic data yet.</p>}
          {fairness.attributes.map((a) => (
            <div key={a.attribute}>
              <h3>{a.attribute}</h3>
              <table className="data"><thead><tr><th>Group</th><th>Candidates</th><th>Passed</th><th>Rate</th><th>Impact ratio</th></tr></thead>
                <tbody>{a.impact.map((g) => <tr key={g.group} className={g.flagged ? 'flagged' : ''}><td>{g.group}{g.smallSample && <span className="pill">small</span>}</td><td>{g.total}</td><td>{g.selected}</td><td>{pct(g.rate)}</td><td>{g.impactRatio === null ? '—' : g.impactRatio.toFixed(2)}{g.flagged && <span className="pill fail">below 4/5</span>}</td></tr>)}</tbody>
              </table>
              {a.dif.filter((d) => d.result.etsClass !== 'A').length > 0 && <p className="small">Items with DIF: {a.dif.filter((d) => d.result.etsClass !== 'A').map((d) => `${d.itemId} (class ${d.result.etsClass}, D = ${d.result.deltaMh.toFixed(2)}, ${d.reference} vs ${d.focal})`).join('; ')}</p>}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
