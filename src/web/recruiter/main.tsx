import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AnalyticsPage } from './analytics-page.js';
import { loadSession, saveSession, setUnauthorizedHandler, type Session } from './api.js';
import { CandidatesPage } from './candidates-page.js';
import { ComparePage } from './compare-page.js';
import { ItemsPage } from './items-page.js';
import { ProfilesPage } from './profiles-page.js';
import { ReportPage, SharedReportPage } from './report-page.js';
import { ReviewsPage } from './reviews-page.js';
import { SettingsPage } from './settings-page.js';
import { navigate, usePath } from './router.js';
import { SignIn } from './sign-in.js';
import './recruiter.css';

type Role = Session['user']['role'];
const NAV: { path: string; label: string; roles: Role[] }[] = [
  { path: '/recruiter/candidates', label: 'Candidates', roles: ['admin', 'recruiter'] },
  { path: '/recruiter/profiles', label: 'Profiles', roles: ['admin', 'recruiter'] },
  { path: '/recruiter/compare', label: 'Compare', roles: ['admin', 'recruiter'] },
  { path: '/recruiter/reviews', label: 'Review queue', roles: ['admin', 'recruiter', 'reviewer'] },
  { path: '/recruiter/analytics', label: 'Analytics', roles: ['admin', 'recruiter', 'analyst'] },
  { path: '/recruiter/items', label: 'Item analysis', roles: ['admin', 'analyst'] },
  { path: '/recruiter/settings', label: 'Settings', roles: ['admin'] },
];

function Page({ path, role }: { path: string; role: Role }) {
  const report = /^\/recruiter\/interviews\/([0-9a-f-]{36})/.exec(path);
  if (report) return <ReportPage interviewId={report[1] as string} />;
  switch (path.replace(/\/$/, '')) {
    case '/recruiter/profiles':
      return <ProfilesPage />;
    case '/recruiter/compare':
      return <ComparePage />;
    case '/recruiter/reviews':
      return <ReviewsPage />;
    case '/recruiter/analytics':
      return <AnalyticsPage role={role} />;
    case '/recruiter/items':
      return <ItemsPage />;
    case '/recruiter/candidates':
      return <CandidatesPage />;
    case '/recruiter/settings':
      return role === 'admin' ? <SettingsPage /> : <p>Only admins change settings.</p>;
    default: {
      const first = NAV.find((n) => n.roles.includes(role));
      return first ? <Redirect to={first.path} /> : <p>Nothing here for your role.</p>;
    }
  }
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to), [to]);
  return null;
}

function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | undefined>(loadSession());
  useEffect(() => setUnauthorizedHandler(() => { saveSession(undefined); setSession(undefined); }), []);
  const shared = /^\/recruiter\/shared\/([A-Za-z0-9_-]+)/.exec(path);
  if (shared) return <SharedReportPage token={shared[1] as string} />;
  if (!session) return <SignIn onSignedIn={setSession} />;
  const role = session.user.role;
  return (
    <>
      <header className="topbar no-print">
        <a className="brand" href="/recruiter" onClick={(e) => { e.preventDefault(); navigate('/recruiter'); }}>excel-interviewer</a>
        <nav aria-label="Workspace">
          {NAV.filter((n) => n.roles.includes(role)).map((n) => (
            <a key={n.path} href={n.path} aria-current={path.startsWith(n.path) ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate(n.path); }}>{n.label}</a>
          ))}
        </nav>
        <span className="who">{session.user.name || session.user.email} · {role}</span>
        <button type="button" onClick={() => { void fetch('/api/v1/auth/sign-out', { method: 'POST', headers: { authorization: `Bearer ${session.accessToken}` } }).catch(() => undefined); saveSession(undefined); setSession(undefined); }}>Sign out</button>
      </header>
      <main className="content" id="main">
        <Page path={path} role={role} />
      </main>
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
