import { type MessageTemplate, TEMPLATE_PLACEHOLDERS, type TemplateKind } from './templates.js';

/** One thing wrong with a custom template; `reason` is stable (clients branch on it). */
export type TemplateProblem =
  | { readonly part: TemplatePart; readonly reason: 'unknown-placeholder'; readonly placeholder: string }
  | { readonly part: TemplatePart; readonly reason: 'malformed-placeholder'; readonly excerpt: string }
  | { readonly part: 'subject'; readonly reason: 'line-break-in-subject' }
  | { readonly part: 'html'; readonly reason: 'unsafe-html'; readonly detail: string }
  | { readonly part: 'html'; readonly reason: 'unsafe-placeholder-position'; readonly placeholder: string; readonly detail: string };

export type TemplatePart = 'subject' | 'text' | 'html';

const PLACEHOLDER = /\{\{\s*([A-Za-z]\w*)\s*\}\}/g;

/** Elements that run code, load other documents or take input: never in an email we send. */
const DENIED_ELEMENTS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'textarea', 'select', 'option', 'meta', 'base', 'link', 'template', 'portal', 'noscript']);
/** Attributes whose value is a URL: a placeholder may start one only if it holds a link the server builds. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'background', 'poster', 'cite', 'longdesc', 'lowsrc', 'dynsrc', 'xlink:href', 'data', 'srcset', 'ping']);
/** Elements whose content is not HTML-decoded text (escaping a value does not make it inert there). */
const RAW_TEXT_ELEMENTS = new Set(['style', 'xmp', 'plaintext', 'noembed', 'noframes']);

/** Decodes character references an attacker might hide a scheme behind (`jav&#x61;script:`). */
function decodeReferences(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff)))
    .replace(/&colon;/gi, ':')
    .replace(/&(tab|newline);/gi, '');
}

function placeholdersIn(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Placeholders that name no value of this kind, and `{{`/`}}` that are not a placeholder. */
function checkPlaceholders(part: TemplatePart, value: string, allowed: ReadonlySet<string>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const name of new Set(placeholdersIn(value))) if (!allowed.has(name)) problems.push({ part, reason: 'unknown-placeholder', placeholder: name });
  const rest = value.replace(PLACEHOLDER, '');
  const stray = /\{\{|\}\}/.exec(rest);
  if (stray) problems.push({ part, reason: 'malformed-placeholder', excerpt: rest.slice(Math.max(0, stray.index - 20), stray.index + 22) });
  return problems;
}

/**
 * Checks the HTML part with a small tag scanner. Values are HTML-escaped when rendered, which is
 * enough in text and in quoted attribute values, so placeholders are refused everywhere else
 * (tag and attribute names, unquoted values, `style`, raw-text elements), and at the start of a
 * URL attribute unless the value is a link the server builds. Scripts, frames, forms, event
 * handlers and `javascript:` URLs are refused outright.
 */
function checkHtml(html: string, urlPlaceholders: ReadonlySet<string>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const unsafe = (detail: string) => problems.push({ part: 'html', reason: 'unsafe-html', detail });
  const misplaced = (text: string, detail: string) => {
    for (const placeholder of placeholdersIn(text)) problems.push({ part: 'html', reason: 'unsafe-placeholder-position', placeholder, detail });
  };
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open < 0) break;
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const nameMatch = /^<\/?([A-Za-z][A-Za-z0-9:-]*)/.exec(html.slice(open, open + 64));
    if (!nameMatch) {
      i = open + 1;
      continue;
    }
    const tag = (nameMatch[1] ?? '').toLowerCase();
    const closing = nameMatch[0].startsWith('</');
    if (DENIED_ELEMENTS.has(tag)) unsafe(`<${tag}> is not allowed`);
    let j = open + nameMatch[0].length;
    // Attributes, until the tag ends.
    while (j < html.length && html[j] !== '>') {
      const attribute = /^[\s/]*([^\s=>/]*)/.exec(html.slice(j));
      const rawName = attribute?.[1] ?? '';
      j += attribute?.[0].length ?? 0;
      if (rawName === '' && html[j] !== '=') {
        if (html[j] !== '>') j++;
        continue;
      }
      const name = rawName.toLowerCase();
      misplaced(rawName, `in an attribute name of <${tag}>`);
      if (name.startsWith('on')) unsafe(`event handler attribute ${name} on <${tag}>`);
      if (name === 'srcdoc') unsafe(`srcdoc on <${tag}>`);
      const afterName = /^\s*=\s*/.exec(html.slice(j));
      if (!afterName) continue;
      j += afterName[0].length;
      let value: string;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, j + 1);
        value = html.slice(j + 1, end < 0 ? html.length : end);
        j = end < 0 ? html.length : end + 1;
      } else {
        const unquoted = /^[^\s>]*/.exec(html.slice(j))?.[0] ?? '';
        value = unquoted;
        j += unquoted.length;
        misplaced(value, `in the unquoted value of ${name} on <${tag}> (quote it)`);
      }
      if (name === 'style') misplaced(value, `in a style attribute on <${tag}>`);
      if (URL_ATTRIBUTES.has(name)) {
        const scheme = [...decodeReferences(value)].filter((c) => c.charCodeAt(0) > 0x20).join('').toLowerCase();
        if (/^(javascript|vbscript|livescript):/.test(scheme) || (/^data:/.test(scheme) && !/^data:image\/(png|gif|jpeg|webp);/.test(scheme))) unsafe(`a script or data URL in ${name} on <${tag}>`);
        const leading = /^\s*\{\{\s*([A-Za-z]\w*)\s*\}\}/.exec(value)?.[1];
        if (leading && !urlPlaceholders.has(leading)) problems.push({ part: 'html', reason: 'unsafe-placeholder-position', placeholder: leading, detail: `at the start of ${name} on <${tag}>: only a link placeholder may start a URL` });
      }
    }
    i = j + 1;
    if (!closing && RAW_TEXT_ELEMENTS.has(tag)) {
      const end = html.toLowerCase().indexOf(`</${tag}`, i);
      const content = html.slice(i, end < 0 ? html.length : end);
      misplaced(content, `inside <${tag}>`);
      i = end < 0 ? html.length : end;
    }
  }
  return problems;
}

/** Every problem with a custom template for `kind`, or none. */
export function checkTemplate(kind: TemplateKind, template: MessageTemplate): TemplateProblem[] {
  const placeholders = TEMPLATE_PLACEHOLDERS[kind];
  const allowed = new Set(placeholders.map((p) => p.name));
  const problems: TemplateProblem[] = [...checkPlaceholders('subject', template.subject, allowed), ...checkPlaceholders('text', template.text, allowed)];
  if (/[\r\n]/.test(template.subject)) problems.push({ part: 'subject', reason: 'line-break-in-subject' });
  if (template.html) {
    problems.push(...checkPlaceholders('html', template.html, allowed));
    problems.push(...checkHtml(template.html, new Set(placeholders.filter((p) => p.isUrl).map((p) => p.name))));
  }
  return problems;
}
