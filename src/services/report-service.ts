import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { estimateAbility, gradeToCategory, scaleScore } from '../domain/adaptive/index.js';
import type { Item } from '../domain/bank/item.js';
import { buildCandidateReport, comparisonRows, renderReportHtml, toCsv, withoutContact, type CandidateReport, type ComparisonRow, type ReportSummaryInput, type ReviewInput } from '../domain/report/index.js';
import type { CandidateRepository } from '../store/repositories/candidate-repository.js';
import type { AnalyticsRepository } from '../store/repositories/analytics-repository.js';
import type { InterviewRepository } from '../store/repositories/interview-repository.js';
import type { ItemRepository } from '../store/repositories/item-repository.js';
import type { ProfileRepository } from '../store/repositories/profile-repository.js';
import type { ReportShareRepository } from '../store/repositories/report-share-repository.js';
import type { ReviewRepository } from '../store/repositories/review-repository.js';
import type { InterviewState } from '../store/schema.js';
import { AppError, invalidInput, notFound } from './errors.js';

export interface ReportServiceDeps {
  readonly interviews: InterviewRepository;
  /** Reads interview headers without opening the sealed session. */
  readonly analytics: AnalyticsRepository;
  readonly candidates: CandidateRepository;
  readonly profiles: ProfileRepository;
  readonly items: ItemRepository;
  readonly reviews: ReviewRepository;
  readonly shares: ReportShareRepository;
  readonly publicUrl: string;
  /** Keys the pseudonyms shown instead of names (analysts, shared links). */
  readonly pseudonymKey: Buffer;
  readonly now?: () => Date;
}

/** The candidate report with the ability re-estimated from the grades of record, when a human changed any. */
export type CandidateReportView = CandidateReport & { readonly afterReview: { score: number; band: readonly [number, number]; label: string } | null };

export type ExportFormat = 'json' | 'ndjson' | 'csv' | 'xlsx';

export interface ExportFile {
  readonly contentType: string;
  readonly fileName: string;
  readonly body: Buffer | string;
}

export interface ComparisonFilter {
  readonly profileId: string;
  readonly state?: InterviewState | undefined;
  readonly minScore?: number | undefined;
  readonly passedOnly?: boolean | undefined;
  readonly limit?: number | undefined;
}

type InterviewHeader = NonNullable<Awaited<ReturnType<AnalyticsRepository['interviewHeader']>>>;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const DAY_MS = 86_400_000;

/**
 * Candidate reports (JSON, printable HTML, PDF), shareable links with expiry, and the comparison
 * of a profile's candidates with its exports (CSV, .xlsx, JSON, NDJSON).
 */
export class ReportService {
  private readonly now: () => Date;
  private itemCache: { items: Map<string, Item>; loadedAt: number } | undefined;

  constructor(private readonly deps: ReportServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A stable pseudonym for a candidate (or, without one, the interview): never reversible without the key. */
  pseudonymOf(id: string): string {
    return `C-${createHmac('sha256', this.deps.pseudonymKey).update(`pseudonym:${id}`).digest('hex').slice(0, 8).toUpperCase()}`;
  }

  /** The report of one interview of the organisation; `contact` adds the candidate's name and email. */
  async report(organisationId: string, interviewId: string, options: { contact: boolean }): Promise<CandidateReportView> {
    const record = await this.deps.analytics.interviewHeader(interviewId, organisationId);
    if (!record) throw notFound('interview', interviewId);
    return this.build(record, options.contact);
  }

  async html(organisationId: string, interviewId: string, options: { contact: boolean }): Promise<string> {
    return renderReportHtml(await this.report(organisationId, interviewId, options));
  }

  async pdf(organisationId: string, interviewId: string, options: { contact: boolean }): Promise<Buffer> {
    return renderReportPdf(await this.report(organisationId, interviewId, options));
  }

  /** Creates a link that shows the report without contact details until `expiresInDays` pass; the token is returned once. */
  async share(organisationId: string, interviewId: string, createdBy: string, expiresInDays: number): Promise<{ id: string; token: string; url: string; expiresAt: Date }> {
    if (!(expiresInDays >= 1 && expiresInDays <= 90)) throw invalidInput('expiresInDays must be between 1 and 90');
    const record = await this.deps.interviews.findById(interviewId, organisationId);
    if (!record) throw notFound('interview', interviewId);
    const token = randomBytes(24).toString('base64url');
    const share = await this.deps.shares.create({ id: randomUUID(), organisationId, interviewId, tokenHash: hashToken(token), expiresAt: new Date(this.now().getTime() + expiresInDays * DAY_MS), createdBy });
    return { id: share.id, token, url: `${this.deps.publicUrl}/recruiter/shared/${token}`, expiresAt: share.expiresAt };
  }

  async revokeShare(organisationId: string, shareId: string): Promise<void> {
    if (!(await this.deps.shares.revoke(organisationId, shareId, this.now()))) throw notFound('report share', shareId);
  }

  /** Share links of one interview of the caller's organisation (another organisation's interview is `not-found`). */
  async listShares(organisationId: string, interviewId: string) {
    if (!(await this.deps.analytics.interviewHeader(interviewId, organisationId))) throw new AppError('not-found', `interview ${interviewId} was not found`);
    return this.deps.shares.listForInterview(organisationId, interviewId);
  }

  /** The report behind a share link, without contact details; an unknown, revoked or expired link is `not-found`. */
  async shared(token: string): Promise<CandidateReportView> {
    const share = await this.deps.shares.findActive(hashToken(token), this.now());
    if (!share) throw new AppError('not-found', 'This report link is not valid or has expired.');
    const record = await this.deps.analytics.interviewHeader(share.interviewId, share.organisationId);
    if (!record) throw new AppError('not-found', 'This report link is not valid or has expired.');
    return this.build(record, false);
  }

  async sharedHtml(token: string): Promise<string> {
    return renderReportHtml(await this.shared(token));
  }

  async sharedPdf(token: string): Promise<Buffer> {
    return renderReportPdf(await this.shared(token));
  }

  /** Reports of a profile's interviews, filtered; newest first. */
  async compare(organisationId: string, filter: ComparisonFilter, options: { contact: boolean }): Promise<{ rows: ComparisonRow[]; skillAreas: string[] }> {
    const profile = await this.deps.profiles.find(filter.profileId, organisationId);
    if (!profile) throw notFound('profile', filter.profileId);
    const records = await this.deps.interviews.list(organisationId, { profileId: filter.profileId, ...(filter.state ? { state: filter.state } : {}), limit: filter.limit ?? 500, offset: 0 });
    const reports: CandidateReport[] = [];
    for (const record of records) reports.push(await this.build(record, options.contact, { transcript: false }));
    const kept = reports.filter((r) => (filter.minScore === undefined || (r.overall?.score ?? -1) >= filter.minScore) && (!filter.passedOnly || r.overall?.passed === true));
    return comparisonRows(kept);
  }

  async exportComparison(organisationId: string, filter: ComparisonFilter, format: ExportFormat, options: { contact: boolean }): Promise<ExportFile> {
    const { rows, skillAreas } = await this.compare(organisationId, filter, options);
    const stamp = this.now().toISOString().slice(0, 10);
    const base = `comparison-${stamp}`;
    switch (format) {
      case 'json':
        return { contentType: 'application/json', fileName: `${base}.json`, body: JSON.stringify({ skillAreas, rows }) };
      case 'ndjson':
        return { contentType: 'application/x-ndjson', fileName: `${base}.ndjson`, body: rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '') };
      case 'csv':
        return { contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv`, body: `\uFEFF${toCsv(rows, skillAreas)}` };
      case 'xlsx':
        return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${base}.xlsx`, body: await comparisonWorkbook(rows, skillAreas) };
      default: {
        const unreachable: never = format;
        throw invalidInput(`unknown format ${String(unreachable)}`);
      }
    }
  }

  private async itemsById(): Promise<Map<string, Item>> {
    const nowMs = this.now().getTime();
    if (this.itemCache && nowMs - this.itemCache.loadedAt < 30_000) return this.itemCache.items;
    const { items } = await this.deps.items.listCurrent({ limit: 100_000 });
    const map = new Map(items.map((s) => [s.item.id, s.item]));
    this.itemCache = { items: map, loadedAt: nowMs };
    return map;
  }

  private async build(record: Omit<InterviewHeader, 'currentItemId' | 'itemsAsked'>, contact: boolean, options: { transcript: boolean } = { transcript: true }): Promise<CandidateReportView> {
    const [profile, candidate, responses, messages, integrity, reviews, items] = await Promise.all([
      this.deps.profiles.find(record.profileId, record.organisationId),
      contact && record.candidateId ? this.deps.candidates.find(record.candidateId, record.organisationId) : Promise.resolve(undefined),
      this.deps.interviews.listResponses(record.id),
      options.transcript ? this.deps.interviews.listMessages(record.id) : Promise.resolve([]),
      this.deps.interviews.listIntegrityEvents(record.id),
      this.deps.reviews.forInterview(record.id),
      this.itemsById(),
    ]);
    if (!profile) throw notFound('profile', record.profileId);
    const report = buildCandidateReport({
      interview: { id: record.id, state: record.state, createdAt: record.createdAt, startedAt: record.startedAt, completedAt: record.completedAt, timeFactor: record.timeFactor },
      profile: { id: profile.id, name: profile.name, role: profile.role, level: profile.level, passScore: profile.passScore },
      ...(candidate && candidate.erasedAt === null ? { candidate: { id: candidate.id, name: candidate.name, email: candidate.email } } : {}),
      pseudonym: this.pseudonymOf(record.candidateId ?? record.id),
      summary: (record.summary ?? null) as ReportSummaryInput | null,
      responses: responses.map((r) => {
        const review = reviews.get(r.id);
        const input: ReviewInput | undefined = review
          ? { status: review.status, reason: review.reason, ...(review.decision ? { decision: { kind: review.decision.kind, score: review.decision.score, reason: review.decision.reason, reviewer: review.decision.reviewer, decidedAt: review.decision.decidedAt } } : {}) }
          : undefined;
        return { ...r, ...(input ? { review: input } : {}) };
      }),
      items,
      messages,
      integrity,
      generatedAt: this.now(),
    });
    const overridden = report.answers.filter((a) => a.reviewStatus === 'overridden');
    let afterReview: CandidateReportView['afterReview'] = null;
    if (overridden.length > 0 && report.overall) {
      // Cheap: one EAP over the scored answers with the grades of record.
      const scored = report.answers.filter((a) => !a.isPretest && items.has(a.itemId));
      const estimate = estimateAbility(
        scored.map((a) => ({ itemId: a.itemId, category: gradeToCategory((items.get(a.itemId) as Item).irt, { score: a.score, maxScore: a.maxScore }) })),
        items,
      );
      const scaled = scaleScore(estimate.theta, estimate.se);
      afterReview = { score: scaled.score, band: scaled.band, label: scaled.label };
    }
    const view: CandidateReportView = { ...(contact ? report : withoutContact(report)), afterReview };
    return view;
  }
}

async function comparisonWorkbook(rows: readonly ComparisonRow[], skillAreas: readonly string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'excel-interviewer';
  const sheet = workbook.addWorksheet('Comparison', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = [
    { header: 'Interview', key: 'interviewId', width: 38 },
    { header: 'Candidate', key: 'candidate', width: 24 },
    { header: 'Email', key: 'email', width: 28 },
    { header: 'State', key: 'state', width: 12 },
    { header: 'Completed', key: 'completedAt', width: 20 },
    { header: 'Score', key: 'score', width: 8 },
    { header: 'Band low', key: 'bandLow', width: 9 },
    { header: 'Band high', key: 'bandHigh', width: 9 },
    { header: 'Level', key: 'level', width: 13 },
    { header: 'Passed', key: 'passed', width: 8 },
    { header: 'Pending reviews', key: 'pendingReviews', width: 10 },
    { header: 'Integrity events', key: 'integrityEvents', width: 10 },
    ...skillAreas.map((area) => ({ header: area, key: `skill:${area}`, width: 14 })),
  ];
  for (const row of rows) {
    const { skills, completedAt, ...rest } = row;
    sheet.addRow({ ...rest, completedAt: completedAt ? new Date(completedAt) : null, ...Object.fromEntries(skillAreas.map((a) => [`skill:${a}`, skills[a] ?? null])) });
  }
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn('completedAt').numFmt = 'yyyy-mm-dd hh:mm';
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
  const scoreColumn = sheet.getColumn('score').letter;
  if (rows.length > 0) {
    sheet.addConditionalFormatting({
      ref: `${scoreColumn}2:${scoreColumn}${rows.length + 1}`,
      rules: [{ type: 'colorScale', priority: 1, cfvo: [{ type: 'num', value: 0 }, { type: 'num', value: 50 }, { type: 'num', value: 100 }], color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }] }],
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Text for the PDF's standard fonts (WinAnsi): characters outside it would print as garbage. */
const pdfText = (text: string) => text.replace(/[✔]/g, '+').replace(/[✘]/g, '-').replace(/[–—]/g, '-').replace(/[^\n\t\x20-\x7E\xA0-\xFF‘’“”•…]/g, '?');

/** The report as a PDF (A4, standard fonts, so no font files are read and generation is fast). */
export function renderReportPdf(report: CandidateReportView): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 48, compress: true, info: { Title: `Report ${report.candidate?.name ?? report.pseudonym}`, Author: 'excel-interviewer' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const width = doc.page.width - 96;
    const heading = (text: string) => {
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).fillColor('#0a3069').text(pdfText(text)).moveDown(0.2).font('Helvetica').fontSize(10).fillColor('#1b1f24');
    };
    const bar = (score: number, band: readonly [number, number]) => {
      const x = doc.x;
      const y = doc.y + 2;
      const w = 200;
      doc.save().rect(x, y, w, 8).fill('#eaeef2');
      doc.rect(x + (band[0] / 100) * w, y, Math.max(2, ((band[1] - band[0]) / 100) * w), 8).fill('#8fb8f0');
      doc.rect(x + (score / 100) * w - 1, y - 3, 2, 14).fill('#0a3069').restore();
      doc.y = y + 14;
      doc.x = x;
    };
    doc.font('Helvetica-Bold').fontSize(20).text(pdfText(report.candidate?.name ?? `Candidate ${report.pseudonym}`));
    doc.font('Helvetica').fontSize(10).fillColor('#57606a').text(pdfText(`${report.profile.name}${report.profile.role ? ` · ${report.profile.role}` : ''}${report.candidate ? ` · ${report.candidate.email}` : ''}`));
    doc.text(`Invited ${report.invitedAt.slice(0, 10)}${report.completedAt ? ` · completed ${report.completedAt.slice(0, 10)}` : ''}${report.durationMin !== null ? ` · ${report.durationMin} min` : ''}`).fillColor('#1b1f24');
    heading('Overall');
    const o = report.overall;
    if (o) {
      doc.font('Helvetica-Bold').fontSize(28).text(`${o.score} / 100`, { continued: false });
      doc.font('Helvetica').fontSize(10).text(pdfText(`Level: ${o.label} (${o.level} of 5)${o.passed === null ? '' : o.passed ? ' · PASS' : ' · below the pass mark'} · 95% band ${o.band[0]}-${o.band[1]} · ${o.itemsScored} scored questions`));
      bar(o.score, o.band);
      if (report.afterReview) doc.text(`After human review: ${report.afterReview.score} (band ${report.afterReview.band[0]}-${report.afterReview.band[1]}, ${report.afterReview.label})`);
    } else {
      doc.text(`This interview is ${report.state}; there is no score yet.`);
    }
    doc.text(`Review: ${report.review.pending} pending, ${report.review.confirmed} confirmed, ${report.review.overridden} overridden.`);
    heading('Skills');
    for (const s of report.skills) {
      doc.font('Helvetica-Bold').text(pdfText(`${s.title}${s.verdict === 'neutral' ? '' : ` (${s.verdict})`}`), { continued: true }).font('Helvetica').text(`  ${s.score}, band ${s.band[0]}-${s.band[1]}, ${s.items} question${s.items === 1 ? '' : 's'}`);
      bar(s.score, s.band);
    }
    heading('Strengths');
    for (const t of report.strengths) doc.text(pdfText(`• ${t}`), { width });
    heading('Gaps');
    for (const t of report.gaps) doc.text(pdfText(`• ${t}`), { width });
    heading('Answers');
    for (const a of report.answers) {
      doc.font('Helvetica-Bold').text(pdfText(`${a.sequence}. ${a.areaTitle} · ${a.kind} · ${a.score}/${a.maxScore}${a.isPretest ? ' (unscored trial)' : ''}`), { width });
      doc.font('Helvetica').text(pdfText(a.prompt), { width });
      doc.font('Courier').fontSize(9).text(pdfText(`Answer: ${a.answerText}`), { width }).font('Helvetica').fontSize(10);
      for (const f of a.followUps) doc.text(pdfText(`Follow-up: ${f.probe} — ${f.answer}`), { width });
      doc.fillColor('#57606a').text(pdfText(`Machine ${a.machine.score}/${a.machine.maxScore}, confidence ${Math.round(a.machine.confidence * 100)}%${a.machine.flags.length ? `, flags ${a.machine.flags.join(', ')}` : ''}`)).fillColor('#1b1f24');
      if (a.human) doc.text(pdfText(`Human override: ${a.human.score}/${a.maxScore} — ${a.human.reason}`), { width });
      else if (a.reviewStatus !== 'not-needed') doc.text(a.reviewStatus === 'pending' ? 'Awaiting human review.' : 'Confirmed by a reviewer.');
      for (const e of a.evidence) doc.fillColor(e.ok ? '#1a7f37' : '#cf222e').text(pdfText(`${e.ok ? '+' : '-'} ${e.text}`), { width, indent: 8 });
      doc.fillColor('#1b1f24').moveDown(0.5);
    }
    heading('Integrity');
    if (report.integrity.length === 0) doc.text('No integrity signals were recorded.');
    for (const e of report.integrity) doc.text(pdfText(`${e.at.slice(0, 19).replace('T', ' ')} — ${e.description}`), { width });
    heading('Transcript');
    for (const m of report.transcript) doc.font('Helvetica-Bold').text(`${m.role === 'candidate' ? 'Candidate' : m.role === 'interviewer' ? 'Interviewer' : 'System'}: `, { continued: true }).font('Helvetica').text(pdfText(m.text), { width });
    doc.moveDown().fillColor('#57606a').fontSize(8).text(`Generated ${report.generatedAt.slice(0, 19).replace('T', ' ')} UTC · interview ${report.interviewId}`);
    doc.end();
  });
}
