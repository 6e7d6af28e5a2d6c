/**
 * The little XML this project needs for QTI packages: escaping for the writer, and a parser for
 * well-formed documents (elements, attributes, text, CDATA, comments, character references).
 * No DTDs, no namespace resolution: qualified names are kept as written.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

/** Escapes text content; `\r` is kept as a character reference so it survives parsing. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value (double-quoted); whitespace characters survive normalisation. */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** `<name a="1">children</name>`, or self-closing when there are no children. */
export function element(name: string, attributes: Readonly<Record<string, string | undefined>>, ...children: readonly string[]): string {
  const attrs = Object.entries(attributes)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

/** Parses a document and returns its root element; throws on malformed input. */
export function parseXml(text: string): XmlElement {
  let pos = 0;
  const fail = (message: string): never => {
    throw new Error(`XML: ${message} at offset ${pos}`);
  };
  const skipMisc = () => {
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos] ?? '')) pos++;
      if (text.startsWith('<?', pos)) pos = text.indexOf('?>', pos) + 2 || fail('unterminated declaration');
      else if (text.startsWith('<!--', pos)) pos = text.indexOf('-->', pos) + 3 || fail('unterminated comment');
      else if (text.startsWith('<!DOCTYPE', pos)) pos = text.indexOf('>', pos) + 1 || fail('unterminated doctype');
      else return;
    }
  };
  const readName = (): string => {
    const m = /^[A-Za-z_:][\w:.-]*/.exec(text.slice(pos, pos + 200));
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const readElement = (): XmlElement => {
    if (text[pos] !== '<') fail('expected <');
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      while (/\s/.test(text[pos] ?? '')) pos++;
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [] };
      }
      if (text[pos] === '>') {
        pos++;
        break;
      }
      const attr = readName();
      while (/\s/.test(text[pos] ?? '')) pos++;
      if (text[pos] !== '=') fail(`expected = after ${attr}`);
      pos++;
      while (/\s/.test(text[pos] ?? '')) pos++;
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") return fail('expected a quoted attribute value');
      const end = text.indexOf(quote, pos + 1);
      if (end < 0) fail('unterminated attribute value');
      attributes[attr] = decode(text.slice(pos + 1, end).replace(/[\t\n\r]/g, ' '));
      pos = end + 1;
    }
    const children: XmlNode[] = [];
    let buffer = '';
    for (;;) {
      if (pos >= text.length) fail(`unclosed <${name}>`);
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        while (/\s/.test(text[pos] ?? '')) pos++;
        if (text[pos] !== '>') fail('expected >');
        pos++;
        if (buffer) children.push(buffer);
        return { name, attributes, children };
      }
      if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos);
        if (end < 0) fail('unterminated CDATA');
        buffer += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else if (text[pos] === '<') {
        if (buffer) children.push(buffer);
        buffer = '';
        children.push(readElement());
      } else {
        const next = text.indexOf('<', pos);
        const end = next < 0 ? text.length : next;
        buffer += decode(text.slice(pos, end).replace(/\r\n?/g, '\n'));
        pos = end;
      }
    }
  };
  skipMisc();
  const root = readElement();
  skipMisc();
  if (pos < text.length) fail('content after the root element');
  return root;
}

/** Child elements named `name` (any depth when `deep`). */
export function childrenNamed(node: XmlElement, name: string, deep = false): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of node.children) {
    if (typeof child === 'string') continue;
    if (child.name === name) out.push(child);
    if (deep) out.push(...childrenNamed(child, name, true));
  }
  return out;
}

/** The first descendant named `name`, if any. */
export function firstNamed(node: XmlElement, name: string): XmlElement | undefined {
  return childrenNamed(node, name, true)[0];
}

/** The concatenated text directly inside the element (not inside its child elements). */
export function ownText(node: XmlElement): string {
  return node.children.filter((c): c is string => typeof c === 'string').join('');
}
