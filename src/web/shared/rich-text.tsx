/**
 * Renders the little markup item prompts and interviewer messages use, as Markdown reads it:
 * blank lines separate paragraphs, single line breaks are spaces, **bold**, *emphasis* and `code`.
 * Everything else is plain text (React escapes it), so no HTML is injected.
 */
import { Fragment, type ReactNode } from 'react';

function inline(text: string, keyPrefix: string): ReactNode[] {
  // Emphasis needs a non-word character on both sides, so a formula's `C2*D2` stays as typed.
  const parts = text.split(/(\*\*[^*]+\*\*|`[^`]+`|(?<![\w*])\*[^*\s](?:[^*]*[^*\s])?\*(?![\w*]))/g);
  return parts.map((part, i) => {
    const key = `${keyPrefix}-${i}`;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <code key={key}>{part.slice(1, -1)}</code>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2) return <em key={key}>{part.slice(1, -1)}</em>;
    return <Fragment key={key}>{part}</Fragment>;
  });
}

export function RichText({ text, className }: { readonly text: string; readonly className?: string }) {
  const paragraphs = text.trim().split(/\n\s*\n/);
  return (
    <div className={className ?? 'rich-text'}>
      {paragraphs.map((paragraph, p) => (
        <p key={p}>{inline(paragraph.replace(/\s*\n\s*/g, ' '), String(p))}</p>
      ))}
    </div>
  );
}
