/** Workbook (.xlsx) items: upload inspection, starting workbooks, grading and validation. */
export * from './inspect-upload.js';
export * from './build-starting-workbook.js';
export * from './grade-workbook-answer.js';
export * from './validate-workbook-item.js';
export { readWorkbook } from './workbook-io.js';
