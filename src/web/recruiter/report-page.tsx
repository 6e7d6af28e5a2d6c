import { useEffect, useState } from 'react';
import { api, download, openHtml } from './api.js';
import { ReportView, type ReportJson } from './report-view.js';

/** One candidate's report with print, PDF and share-link actions. */
export function ReportPage({ interviewId }: { interviewId: string }) {
  const [report, setReport] = useState<ReportJson>();
  const [error, setError] = useState('');
  const [days, setDays] = useState(7);
  const [share, setShare] = useState<{ url: string; expiresAt: string }>();

  useEffect(() => {
    api<ReportJson>('GET', `/interviews/${interviewId}/report`).then(setReport, (e: Error) => setError(e.message));
  }, [interviewId]);

  async function createShare() {
    const created = await api<{ url: string; expiresAt: string }>('POST', `/interviews/${interviewId}/report/shares`, { expiresInDays: days });
    setShare(created);
  }

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!report) return <p aria-busy="true">Loading the report…</p>;
  return (
    <>
      <div className="toolbar no-print" role="toolbar" aria-label="Report actions">
        <button type="button" onClick={() => window.print()}>Print</button>
        <button type="button" onClick={() => void openHtml(`/interviews/${interviewId}/report.html`)}>Printable page</button>
        <button type="button" className="primary" onClick={() => void download(`/interviews/${interviewId}/report.pdf`, 'report.pdf')}>Download PDF</button>
        <label className="inline">Link valid for <input type="number" min={1} max={90} value={days} onChange={(e) => setDays(Number(e.target.value))} /> days</label>
        <button type="button" onClick={() => void createShare()}>Create share link</button>
        {share && <span className="share" role="status">Share link (no contact details, expires {share.expiresAt.slice(0, 10)}): <code className="share-url">{share.url}</code></span>}
      </div>
      <ReportView report={report} />
    </>
  );
}

/** A shared report, opened without signing in. */
export function SharedReportPage({ token }: { token: string }) {
  const [report, setReport] = useState<ReportJson>();
  const [error, setError] = useState('');
  useEffect(() => {
    fetch(`/api/v1/shared-reports/${encodeURIComponent(token)}`).then(async (res) => (res.ok ? setReport((await res.json()) as ReportJson) : setError('This report link is not valid or has expired.')), () => setError('Could not load the report.'));
  }, [token]);
  if (error) return <main className="content"><p role="alert" className="error">{error}</p></main>;
  if (!report) return <main className="content"><p aria-busy="true">Loading…</p></main>;
  return <main className="content"><ReportView report={report} /></main>;
}
