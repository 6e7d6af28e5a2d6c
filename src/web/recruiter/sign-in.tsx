import { type FormEvent, useState } from 'react';
import { api, ApiError, saveSession, type Session } from './api.js';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const reply = await api<{ accessToken: string; user: Session['user'] }>('POST', '/auth/sign-in', { email, password, session: 'body', ...(code ? { code } : {}) });
      const session: Session = { accessToken: reply.accessToken, user: reply.user };
      saveSession(session);
      onSignedIn(session);
    } catch (e) {
      if (e instanceof ApiError && /code|two-step|mfa|totp/i.test(e.message + e.code)) setNeedsCode(true);
      setError(e instanceof Error ? e.message : 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <form onSubmit={submit} className="card" aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">The recruiter workspace of excel-interviewer.</p>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {needsCode && (
          <label>
            Authenticator or recovery code
            <input name="code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
        )}
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
