/**
 * Checks an uploaded file before any parser touches it: size, container format, encryption,
 * macros and zip-bomb shape (entry count, entry sizes and compression ratio read from the zip's
 * central directory, without inflating anything). Pure: reads only the given bytes.
 */

export interface UploadLimits {
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
  /** Largest declared uncompressed size of one zip entry. */
  readonly maxEntryBytes: number;
  /**
   * Largest declared uncompressed size of one worksheet or the shared strings: about the grading
   * engine's cell limit (500,000 cells), checked before the XML is parsed.
   */
  readonly maxSheetBytes: number;
  /** Largest declared uncompressed size of all entries together. */
  readonly maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of an entry over 1 MB (Excel's XML compresses ~10-20×). */
  readonly maxRatio: number;
  readonly maxEntries: number;
  /** Accept .xlsm and a vbaProject part (only items about macros). */
  readonly macrosAllowed: boolean;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxEntryBytes: 100 * 1024 * 1024,
  maxSheetBytes: 24 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 2000,
  macrosAllowed: false,
};

export type UploadRejection = 'oversized' | 'malformed' | 'encrypted' | 'macro-enabled' | 'zip-bomb' | 'wrong-type';

export type UploadInspection = { readonly ok: true } | { readonly ok: false; readonly code: UploadRejection; readonly reason: string };

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;
}

function containsUtf16(b: Uint8Array, text: string): boolean {
  const pattern = [...text].flatMap((ch) => [ch.charCodeAt(0), 0]);
  outer: for (let i = 0; i + pattern.length <= b.length; i++) {
    for (let k = 0; k < pattern.length; k++) if (b[i + k] !== pattern[k]) continue outer;
    return true;
  }
  return false;
}

/** Reads the central directory; a string is the reason the zip is malformed. */
export function readZipDirectory(b: Uint8Array): ZipEntry[] | string {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'not a zip container (no end-of-directory record)';
  const count = u16(b, eocd + 10);
  const dirSize = u32(b, eocd + 12);
  const dirOffset = u32(b, eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) return 'ZIP64 archives are not accepted';
  if (dirOffset + dirSize > eocd) return 'central directory lies outside the file';
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (u32(b, p) !== 0x02014b50) return 'corrupt central directory';
    const nameLength = u16(b, p + 28);
    const extraLength = u16(b, p + 30);
    const commentLength = u16(b, p + 32);
    const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, flags: u16(b, p + 8), compressedSize: u32(b, p + 20), size: u32(b, p + 24) });
    p += 46 + nameLength + extraLength + commentLength;
    if (p > eocd) return 'corrupt central directory';
  }
  return entries;
}

/** Decides whether an upload may be parsed; every rejection carries a reason a candidate can act on. */
export function inspectUpload(file: Uint8Array, fileName: string, limits: Partial<UploadLimits> = {}): UploadInspection {
  const l = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const reject = (code: UploadRejection, reason: string): UploadInspection => ({ ok: false, code, reason });
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (file.length > l.maxBytes) return reject('oversized', `The file is larger than ${Math.round(l.maxBytes / 1024 / 1024)} MB.`);
  if (OLE_SIGNATURE.every((v, i) => file[i] === v)) {
    if (containsUtf16(file, 'EncryptionInfo')) return reject('encrypted', 'The workbook is password-protected; save it without a password and upload again.');
    return reject('wrong-type', 'This is an old-format (.xls) workbook; save it as .xlsx and upload again.');
  }
  if (extension === 'xlsm' && !l.macrosAllowed) return reject('macro-enabled', 'Macro-enabled workbooks (.xlsm) are not accepted for this task; save as .xlsx.');
  if (extension !== 'xlsx' && extension !== 'xlsm') return reject('wrong-type', 'Upload an Excel workbook (.xlsx).');
  const entries = readZipDirectory(file);
  if (typeof entries === 'string') return reject('malformed', `The file is not a readable .xlsx workbook (${entries}).`);
  if (entries.length > l.maxEntries) return reject('zip-bomb', `The workbook has more than ${l.maxEntries} parts.`);
  let total = 0;
  for (const e of entries) {
    if (e.flags & 0x1) return reject('encrypted', 'The workbook is password-protected; save it without a password and upload again.');
    if (e.size > l.maxEntryBytes) return reject('zip-bomb', `A part of the workbook (${e.name}) expands beyond ${Math.round(l.maxEntryBytes / 1024 / 1024)} MB.`);
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > l.maxRatio) return reject('zip-bomb', `A part of the workbook (${e.name}) is compressed suspiciously well.`);
    if (/^xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/i.test(e.name) && e.size > l.maxSheetBytes) {
      return reject('oversized', `The sheet ${e.name.replace(/^xl\//, '')} holds more data than this task accepts (over ${Math.round(l.maxSheetBytes / 1024 / 1024)} MB of cells); upload only the task's workbook.`);
    }
    total += e.size;
    if (total > l.maxTotalBytes) return reject('zip-bomb', 'The workbook expands to more data than we accept.');
  }
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (!names.has('[content_types].xml') || !names.has('xl/workbook.xml')) return reject('malformed', 'The file is not a readable .xlsx workbook (missing workbook parts).');
  if (!l.macrosAllowed && [...names].some((n) => n.endsWith('vbaproject.bin'))) return reject('macro-enabled', 'The workbook contains macros, which are not accepted for this task.');
  return { ok: true };
}
