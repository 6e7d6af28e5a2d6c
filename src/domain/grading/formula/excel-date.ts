/**
 * Excel's 1900 date system, leap-year bug included: serial 1 is 1900-01-01, serial 60 is the
 * non-existent 1900-02-29, and from serial 61 (1900-03-01) on the count matches the real calendar.
 */

export interface YearMonthDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;
/** Days from 1899-12-30 (Excel's effective epoch after the fake leap day) to 1970-01-01. */
const EPOCH_OFFSET = 25_569;

/** The serial of a calendar date; months and days overflow the way DATE() does. */
export function serialFromDate(year: number, month: number, day: number): number {
  const utc = Date.UTC(year, month - 1, 1) / MS_PER_DAY + (day - 1);
  const serial = utc + EPOCH_OFFSET;
  // Dates before 1900-03-01 sit one day earlier because Excel counts 1900-02-29.
  return serial < 61 ? serial - 1 : serial;
}

/** The calendar date of a serial (fraction ignored); serial 60 is 1900-02-29 as in Excel. */
export function dateFromSerial(serial: number): YearMonthDay {
  const whole = Math.floor(serial);
  if (whole === 60) return { year: 1900, month: 2, day: 29 };
  const days = whole < 60 ? whole + 1 : whole;
  const d = new Date((days - EPOCH_OFFSET) * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Parses an ISO day (`2024-01-05`, optional time) into a serial; undefined when malformed. */
export function serialFromIso(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const time = (Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0)) / 86_400;
  return serialFromDate(year, month, day) + time;
}

/** Days in a month, 1900-02 having 29 as in Excel. */
export function daysInMonth(year: number, month: number): number {
  if (year === 1900 && month === 2) return 29;
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday: Excel's WEEKDAY(serial) - 1 (serial 1 is a Sunday in Excel). */
export function weekdayIndex(serial: number): number {
  return (((Math.floor(serial) - 1) % 7) + 7) % 7;
}
