/** The candidate report: its model and its printable HTML. */
export { buildCandidateReport, withoutContact, type CandidateReport, type ReportAnswer, type ReportSkill, type ReportInput, type ReviewInput, type ReportSummaryInput, type EvidenceLine, type ReviewStatus } from './candidate-report.js';
export { renderReportHtml, escapeHtml } from './render-report-html.js';
export { skillTitle, SKILL_TITLES } from './skill-titles.js';
export { comparisonRows, toCsv, COMPARISON_COLUMNS, type ComparisonRow } from './comparison.js';
