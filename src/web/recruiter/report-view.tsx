/** Renders a candidate report (the JSON of /interviews/:id/report or a shared link). */

export interface ReportAnswerView {
  responseId: string;
  sequence: number;
  itemId: string;
  areaTitle: string;
  kind: string;
  prompt: string;
  answerText: string;
  followUps: { probe: string; answer: string }[];
  machine: { score: number; maxScore: number; confidence: number; flags: string[] };
  human?: { score: number; reason: string; reviewer: string; decidedAt: string };
  score: number;
  maxScore: number;
  reviewStatus: 'not-needed' | 'pending' | 'confirmed' | 'overridden';
  evidence: { kind: string; ok: boolean; text: string }[];
  isPretest: boolean;
  timeSpentSec: number | null;
}

export interface ReportJson {
  interviewId: string;
  pseudonym: string;
  candidate?: { name: string; email: string };
  profile: { id: string; name: string; role: string; level: number; passScore: number | null };
  state: string;
  invitedAt: string;
  completedAt: string | null;
  durationMin: number | null;
  overall: { score: number; band: [number, number]; level: number; label: string; passed: boolean | null; itemsScored: number } | null;
  afterReview: { score: number; band: [number, number]; label: string } | null;
  skills: { area: string; title: string; score: number; band: [number, number]; items: number; verdict: 'strength' | 'gap' | 'neutral' }[];
  strengths: string[];
  gaps: string[];
  answers: ReportAnswerView[];
  integrity: { kind: string; at: string; description: string }[];
  transcript: { sequence: number; role: string; text: string }[];
  review: { pending: number; confirmed: number; overridden: number };
}

function Band({ score, band }: { score: number; band: [number, number] }) {
  return (
    <div className="band" role="img" aria-label={`score ${score}, 95% band ${band[0]} to ${band[1]}`}>
      <span style={{ left: `${band[0]}%`, width: `${Math.max(1, band[1] - band[0])}%` }} />
      <i style={{ left: `calc(${score}% - 1px)` }} />
    </div>
  );
}

export function ReportView({ report }: { report: ReportJson }) {
  const o = report.overall;
  return (
    <article className="report" aria-label="Candidate report">
      <header>
        <h1>{report.candidate?.name ?? `Candidate ${report.pseudonym}`}</h1>
        <p className="muted">{report.profile.name}{report.candidate ? ` · ${report.candidate.email}` : ''} · invited {report.invitedAt.slice(0, 10)}{report.completedAt ? ` · completed ${report.completedAt.slice(0, 10)}` : ''}{report.durationMin !== null ? ` · ${report.durationMin} min` : ''}</p>
      </header>
      <section className="card overall" aria-label="Overall score">
        {o ? (
          <>
            <p className="big-score" data-testid="overall-score">{o.score}<small>/100</small></p>
            <div>
              <p>Level <b>{o.label}</b> ({o.level} of 5){o.passed !== null && <span className={`pill ${o.passed ? 'pass' : 'fail'}`}>{o.passed ? 'Pass' : 'Below pass mark'}</span>}</p>
              <p className="muted">95% confidence band {o.band[0]}–{o.band[1]} · {o.itemsScored} scored questions{report.profile.passScore !== null ? ` · pass mark ${report.profile.passScore}` : ''}</p>
              <Band score={o.score} band={o.band} />
              {report.afterReview && <p>After human review: <b>{report.afterReview.score}</b> ({report.afterReview.band[0]}–{report.afterReview.band[1]}, {report.afterReview.label})</p>}
            </div>
          </>
        ) : (
          <p>This interview is <b>{report.state}</b>; there is no score yet.</p>
        )}
        <p className="muted small">Review: {report.review.pending} pending · {report.review.confirmed} confirmed · {report.review.overridden} overridden</p>
      </section>
      <section className="card" aria-labelledby="skills-h">
        <h2 id="skills-h">Skills</h2>
        <table className="data">
          <thead><tr><th>Skill</th><th>Score</th><th>95% band</th><th className="wide"></th><th>Questions</th></tr></thead>
          <tbody>
            {report.skills.map((s) => (
              <tr key={s.area}>
                <td>{s.title} {s.verdict !== 'neutral' && <span className={`pill ${s.verdict === 'strength' ? 'pass' : 'fail'}`}>{s.verdict}</span>}</td>
                <td>{s.score}</td><td>{s.band[0]}–{s.band[1]}</td><td><Band score={s.score} band={s.band} /></td><td>{s.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="grid two">
          <div><h3>Strengths</h3><ul>{report.strengths.map((t) => <li key={t}>{t}</li>)}</ul></div>
          <div><h3>Gaps</h3><ul>{report.gaps.map((t) => <li key={t}>{t}</li>)}</ul></div>
        </div>
      </section>
      <section aria-labelledby="answers-h">
        <h2 id="answers-h">Answers</h2>
        {report.answers.map((a) => (
          <div key={a.responseId} className="card answer">
            <h3>{a.sequence}. {a.areaTitle} · {a.kind} <span className="pill">{a.score}/{a.maxScore}</span>{a.isPretest && <span className="pill">trial item, unscored</span>}</h3>
            <p>{a.prompt}</p>
            <p><b>Answer:</b> <code>{a.answerText}</code></p>
            {a.followUps.map((f, i) => <p key={i}><b>Follow-up:</b> {f.probe}<br /><span className="muted">Answer:</span> {f.answer}</p>)}
            <p className="muted small">Machine {a.machine.score}/{a.machine.maxScore} · confidence {Math.round(a.machine.confidence * 100)}%{a.machine.flags.length ? ` · flags: ${a.machine.flags.join(', ')}` : ''}{a.timeSpentSec !== null ? ` · ${a.timeSpentSec} s` : ''}</p>
            {a.human && <p><span className="pill warn">Human override</span> {a.human.score}/{a.maxScore} (machine {a.machine.score}) — {a.human.reason}</p>}
            {a.reviewStatus === 'pending' && <p><span className="pill warn">Awaiting review</span></p>}
            {a.reviewStatus === 'confirmed' && <p><span className="pill pass">Confirmed by a reviewer</span></p>}
            <ul className="evidence">{a.evidence.map((e, i) => <li key={i} className={e.ok ? 'ok' : 'no'}>{e.ok ? '✔' : '✘'} {e.text}</li>)}</ul>
          </div>
        ))}
      </section>
      <section className="card" aria-labelledby="integrity-h">
        <h2 id="integrity-h">Integrity</h2>
        {report.integrity.length === 0 ? <p className="muted">No integrity signals were recorded.</p> : <ul>{report.integrity.map((e, i) => <li key={i}>{e.at.slice(0, 19).replace('T', ' ')} — {e.description}</li>)}</ul>}
      </section>
      <details className="card transcript">
        <summary>Transcript ({report.transcript.length} messages)</summary>
        {report.transcript.map((m) => <p key={m.sequence}><b>{m.role === 'candidate' ? 'Candidate' : m.role === 'interviewer' ? 'Interviewer' : 'System'}:</b> {m.text}</p>)}
      </details>
    </article>
  );
}
