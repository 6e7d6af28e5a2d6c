/**
 * The report as one self-contained, printable HTML page (inline styles, no scripts), so it can
 * be opened from a share link, printed to paper or saved as a file and still look right.
 */
import type { CandidateReport, ReportAnswer } from './candidate-report.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;background:#fff}
main{max-width:860px;margin:0 auto;padding:32px 24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 4px}.muted{color:#57606a}.score{font-size:44px;font-weight:700;margin:0}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eaeef2;margin-left:6px}
.pass{background:#dafbe1}.fail{background:#ffebe9}.warn{background:#fff8c5}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eaeef2;text-align:left;padding:4px 6px;vertical-align:top}
.bar{position:relative;height:10px;background:#eaeef2;border-radius:5px;min-width:120px}.bar span{position:absolute;top:0;bottom:0;background:#8fb8f0;border-radius:5px}
.bar i{position:absolute;top:-3px;width:3px;height:16px;background:#0a3069}
.ok{color:#1a7f37}.no{color:#cf222e}code{font:13px ui-monospace,Consolas,monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px;white-space:pre-wrap;word-break:break-word}
.answer{border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin:10px 0;break-inside:avoid}
.transcript p{margin:4px 0}.role{font-weight:600;margin-right:6px}
@media print{main{padding:0}a{color:inherit}.answer{page-break-inside:avoid}}
`;

function bar(score: number, band: readonly [number, number]): string {
  return `<div class="bar" role="img" aria-label="score ${score}, 95% band ${band[0]} to ${band[1]}"><span style="left:${band[0]}%;width:${Math.max(1, band[1] - band[0])}%"></span><i style="left:calc(${score}% - 1px)"></i></div>`;
}

function answerBlock(a: ReportAnswer): string {
  const review =
    a.reviewStatus === 'overridden' && a.human
      ? `<p><span class="pill warn">Human override</span> ${a.human.score}/${a.maxScore} (machine ${a.machine.score}/${a.maxScore}) — ${escapeHtml(a.human.reason)}</p>`
      : a.reviewStatus === 'confirmed'
        ? '<p><span class="pill pass">Confirmed by a reviewer</span></p>'
        : a.reviewStatus === 'pending'
          ? '<p><span class="pill warn">Awaiting human review</span></p>'
          : '';
  const evidence = a.evidence.length
    ? `<ul>${a.evidence.map((e) => `<li class="${e.ok ? 'ok' : 'no'}">${e.ok ? '✔' : '✘'} ${escapeHtml(e.text)}</li>`).join('')}</ul>`
    : '';
  const followUps = a.followUps.map((f) => `<p><b>Follow-up:</b> ${escapeHtml(f.probe)}<br><span class="muted">Answer:</span> ${escapeHtml(f.answer)}</p>`).join('');
  return `<div class="answer"><h3>${a.sequence}. ${escapeHtml(a.areaTitle)} · ${escapeHtml(a.kind)}${a.isPretest ? '<span class="pill">unscored trial item</span>' : ''}
<span class="pill">${a.score}/${a.maxScore}</span></h3>
<p>${escapeHtml(a.prompt)}</p><p><b>Answer:</b> <code>${escapeHtml(a.answerText)}</code></p>${followUps}
<p class="muted">Machine grade ${a.machine.score}/${a.machine.maxScore}, confidence ${Math.round(a.machine.confidence * 100)}%${a.machine.flags.length ? `, flags: ${escapeHtml(a.machine.flags.join(', '))}` : ''}${a.timeSpentSec !== null ? `, ${a.timeSpentSec} s` : ''}</p>
${review}${evidence}</div>`;
}

export function renderReportHtml(report: CandidateReport): string {
  const who = report.candidate ? escapeHtml(report.candidate.name) : `Candidate ${escapeHtml(report.pseudonym)}`;
  const o = report.overall;
  const pass = o?.passed === null || o === null ? '' : o.passed ? '<span class="pill pass">Pass</span>' : '<span class="pill fail">Below pass mark</span>';
  const overall = o
    ? `<p class="score">${o.score}<span class="muted" style="font-size:18px"> / 100</span></p>
<p>Level: <b>${escapeHtml(o.label)}</b> (${o.level} of 5) ${pass}<br>95% confidence band ${o.band[0]}–${o.band[1]} · ${o.itemsScored} scored questions${report.profile.passScore !== null ? ` · pass mark ${report.profile.passScore}` : ''}</p>${bar(o.score, o.band)}`
    : `<p>This interview is <b>${escapeHtml(report.state)}</b>; there is no score yet.</p>`;
  const skills = report.skills.length
    ? `<table><thead><tr><th>Skill</th><th>Score</th><th>95% band</th><th style="width:35%"></th><th>Questions</th></tr></thead><tbody>${report.skills
        .map((s) => `<tr><td>${escapeHtml(s.title)}${s.verdict === 'strength' ? '<span class="pill pass">strength</span>' : s.verdict === 'gap' ? '<span class="pill fail">gap</span>' : ''}</td><td>${s.score}</td><td>${s.band[0]}–${s.band[1]}</td><td>${bar(s.score, s.band)}</td><td>${s.items}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">No per-skill scores.</p>';
  const list = (items: readonly string[]) => `<ul>${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`;
  const integrity = report.integrity.length
    ? `<ul>${report.integrity.map((e) => `<li>${escapeHtml(e.at.slice(0, 19).replace('T', ' '))} — ${escapeHtml(e.description)}${e.itemId ? ` <span class="muted">(${escapeHtml(e.itemId)})</span>` : ''}</li>`).join('')}</ul>`
    : '<p class="muted">No integrity signals were recorded.</p>';
  const transcript = report.transcript.map((m) => `<p><span class="role">${escapeHtml(m.role === 'candidate' ? 'Candidate' : m.role === 'interviewer' ? 'Interviewer' : 'System')}:</span>${escapeHtml(m.text)}</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Report · ${who} · ${escapeHtml(report.profile.name)}</title><style>${STYLE}</style></head><body><main>
<h1>${who}</h1><p class="muted">${escapeHtml(report.profile.name)}${report.profile.role ? ` · ${escapeHtml(report.profile.role)}` : ''}${report.candidate ? ` · ${escapeHtml(report.candidate.email)}` : ''}<br>
Invited ${report.invitedAt.slice(0, 10)}${report.completedAt ? ` · completed ${report.completedAt.slice(0, 10)}` : ''}${report.durationMin !== null ? ` · ${report.durationMin} min` : ''}${report.timeFactor > 1 ? ` · extra time ×${report.timeFactor}` : ''}</p>
<h2>Overall</h2>${overall}
<p class="muted">Review: ${report.review.pending} pending, ${report.review.confirmed} confirmed, ${report.review.overridden} overridden.</p>
<h2>Skills</h2>${skills}
<h2>Strengths</h2>${list(report.strengths)}<h2>Gaps</h2>${list(report.gaps)}
<h2>Answers</h2>${report.answers.map(answerBlock).join('') || '<p class="muted">No answers yet.</p>'}
<h2>Integrity</h2>${integrity}
<h2>Transcript</h2><div class="transcript">${transcript || '<p class="muted">No messages.</p>'}</div>
<p class="muted">Generated ${report.generatedAt.slice(0, 19).replace('T', ' ')} UTC · interview ${escapeHtml(report.interviewId)}. Scores are on a 0–100 scale (50 = bank average, 15 points = one standard deviation).</p>
</main></body></html>`;
}
