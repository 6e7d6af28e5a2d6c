import { useEffect, useState } from 'react';
import { api } from './api.js';
import { useProfileFilter } from './analytics-page.js';
import { Chart } from './chart.js';

interface ItemRow {
  itemId: string; kind: string; area: string; level: number; n: number; facility: number | null; pointBiserial: number | null; upperLower: number | null; medianTimeSec: number | null;
  exposureRate: number | null; exposureCap: number; routedToReview: number | null; irt: { model: string; a: number; b?: number; thresholds?: number[] } | null; irtSe: { a: number; b?: number } | null;
  drift: { iccRmsd: number; flagged: boolean; against: string } | null; distractors: { optionId: string; correct: boolean; count: number; upperShare: number; lowerShare: number; problem?: string }[] | null; flags: string[];
}
interface Form { interviews: number; items: number; alpha: number | null; alphaPersons: number; alphaItems: number; semRaw: number | null; marginalReliability: number | null; semScaled: number | null; criterion: string; informationCurve: { theta: number; information: number; se: number | null }[] }

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** Item analysis: classical and IRT statistics per item, flags, distractors; reliability and the test information curve. */
export function ItemsPage() {
  const [profileId, , select] = useProfileFilter();
  const [data, setData] = useState<{ form: Form; items: ItemRow[] }>();
  const [selected, setSelected] = useState<string>();
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  useEffect(() => {
    void api<{ form: Form; items: ItemRow[] }>('GET', `/analytics/items${profileId ? `?profileId=${profileId}` : ''}`).then(setData, () => undefined);
  }, [profileId]);
  if (!data) return <p aria-busy="true">Loading item analysis…</p>;
  const { form } = data;
  const items = data.items.filter((i) => !onlyFlagged || i.flags.length > 0);
  const chosen = data.items.find((i) => i.itemId === selected);
  return (
    <section aria-labelledby="items-title">
      <h1 id="items-title">Item analysis</h1>
      <div className="toolbar">{select}<label className="inline"><input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.target.checked)} /> only flagged items</label></div>
      <div className="kpis" role="list">
        <div role="listitem" className="kpi"><b>{fmt(form.alpha)}</b><span>Cronbach's α ({form.alphaPersons} × {form.alphaItems})</span></div>
        <div role="listitem" className="kpi"><b>{fmt(form.semRaw)}</b><span>SEM (raw points)</span></div>
        <div role="listitem" className="kpi"><b>{fmt(form.marginalReliability)}</b><span>marginal reliability (IRT)</span></div>
        <div role="listitem" className="kpi"><b>{fmt(form.semScaled, 1)}</b><span>mean SE on the 0-100 scale</span></div>
        <div role="listitem" className="kpi"><b>{form.interviews}</b><span>interviews · {form.items} items</span></div>
      </div>
      <div className="grid two">
        <div className="card">
          <h2>Test information curve</h2>
          <Chart label="Test information and standard error by ability" option={{ tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 50, right: 50, top: 30, bottom: 30 }, xAxis: { type: 'value', name: 'θ', min: -4, max: 4 }, yAxis: [{ type: 'value', name: 'information' }, { type: 'value', name: 'SE', max: 2 }], series: [{ type: 'line', name: 'information', showSymbol: false, data: form.informationCurve.map((p) => [p.theta, p.information]), areaStyle: { opacity: 0.15 } }, { type: 'line', name: 'SE', yAxisIndex: 1, showSymbol: false, data: form.informationCurve.map((p) => [p.theta, p.se === null ? null : Math.min(2, p.se)]) }] }} />
        </div>
        <div className="card">
          <h2>Difficulty vs discrimination</h2>
          <Chart label="Facility against point-biserial per item" option={{ tooltip: { formatter: (p: { data: [number, number, string] }) => `${p.data[2]}: facility ${p.data[0].toFixed(2)}, r ${p.data[1].toFixed(2)}` }, grid: { left: 50, right: 20, top: 20, bottom: 40 }, xAxis: { type: 'value', name: 'facility', min: 0, max: 1 }, yAxis: { type: 'value', name: 'point-biserial', min: -0.5, max: 1 }, series: [{ type: 'line', lineStyle: { width: 0 }, symbolSize: 9, data: data.items.filter((i) => i.facility !== null && i.pointBiserial !== null).map((i) => [i.facility, i.pointBiserial, i.itemId]), markLine: { symbol: 'none', data: [{ yAxis: 0 }] } }] }} />
        </div>
      </div>
      {chosen?.distractors && (
        <div className="card">
          <h2>Distractors of {chosen.itemId}</h2>
          <Chart label={`Who chose each option of ${chosen.itemId}`} option={{ tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: chosen.distractors.map((d) => `${d.optionId}${d.correct ? ' (key)' : ''}`) }, yAxis: { type: 'value', max: 1 }, series: [{ type: 'bar', name: 'upper group', data: chosen.distractors.map((d) => d.upperShare) }, { type: 'bar', name: 'lower group', data: chosen.distractors.map((d) => d.lowerShare) }] }} />
        </div>
      )}
      <div className="scroll">
        <table className="data" aria-label="Items">
          <thead><tr><th>Item</th><th>Kind</th><th>n</th><th>Facility</th><th>r<sub>pb</sub></th><th>D (U-L)</th><th>Median time</th><th>Exposure</th><th>Review</th><th>IRT a (SE)</th><th>IRT b (SE)</th><th>Drift</th><th>Flags</th></tr></thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.itemId} className={i.flags.length ? 'flagged' : ''} aria-selected={selected === i.itemId} onClick={() => setSelected(i.itemId)}>
                <td><button type="button" className="link" onClick={() => setSelected(i.itemId)}>{i.itemId}</button></td>
                <td>{i.kind}</td><td>{i.n}</td><td>{fmt(i.facility)}</td><td>{fmt(i.pointBiserial)}</td><td>{fmt(i.upperLower)}</td>
                <td>{i.medianTimeSec === null ? '—' : `${Math.round(i.medianTimeSec)} s`}</td>
                <td>{i.exposureRate === null ? '—' : `${Math.round(i.exposureRate * 100)}%`}<span className="muted small"> / {Math.round(i.exposureCap * 100)}%</span></td>
                <td>{i.routedToReview === null ? '—' : `${Math.round(i.routedToReview * 100)}%`}</td>
                <td>{fmt(i.irt?.a)}{i.irtSe ? ` (${fmt(i.irtSe.a)})` : ''}</td>
                <td>{i.irt?.b !== undefined ? fmt(i.irt.b) : i.irt?.thresholds ? i.irt.thresholds.map((t) => t.toFixed(1)).join('/') : '—'}{i.irtSe?.b !== undefined ? ` (${fmt(i.irtSe.b)})` : ''}</td>
                <td>{i.drift ? `${(i.drift.iccRmsd * 100).toFixed(1)}%` : '—'}</td>
                <td>{i.flags.map((f) => <span key={f} className="pill fail">{f}</span>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
