import { describe, expect, it } from 'vitest';
import { checkTemplate } from './check-template.js';
import { defaultTemplate, renderTemplate, SUPPORTED_LOCALES, TEMPLATE_KINDS } from './templates.js';

const text = 'Hello {{candidateName}}, open {{inviteUrl}}';

describe('checkTemplate', () => {
  it.each(TEMPLATE_KINDS.flatMap((kind) => SUPPORTED_LOCALES.map((locale) => [kind, locale] as const)))('accepts the built-in %s template (%s)', (kind, locale) => {
    expect(checkTemplate(kind, defaultTemplate(kind, locale))).toEqual([]);
  });

  it('accepts known placeholders in subject, text and safe HTML positions', () => {
    const html = '<p style="color:#333">Hello <b>{{ candidateName }}</b></p><a href="{{inviteUrl}}" title="{{profileName}}">Start</a><img src="https://cdn.example.com/logo.png" alt="{{organisationName}}"><!-- {{deadline}} -->';
    expect(checkTemplate('invitation', { subject: '{{organisationName}}: your interview', text, html })).toEqual([]);
  });

  const refused: [string, { subject?: string; text?: string; html?: string }, Record<string, unknown>][] = [
    ['an unknown placeholder', { text: 'Hi {{firstName}}' }, { part: 'text', reason: 'unknown-placeholder', placeholder: 'firstName' }],
    ['a placeholder of another kind', { subject: 'Score {{score}}' }, { part: 'subject', reason: 'unknown-placeholder', placeholder: 'score' }],
    ['a malformed placeholder', { text: 'Hi {{candidate name}}' }, { part: 'text', reason: 'malformed-placeholder' }],
    ['a line break in the subject', { subject: 'Hi\nBcc: x@example.com' }, { part: 'subject', reason: 'line-break-in-subject' }],
    ['a script element', { html: '<p>Hi</p><script>alert(1)</script>' }, { reason: 'unsafe-html' }],
    ['an iframe', { html: '<iframe src="https://evil.example"></iframe>' }, { reason: 'unsafe-html' }],
    ['an event handler', { html: '<img src="x.png" onerror="alert(1)">' }, { reason: 'unsafe-html' }],
    ['a javascript: URL', { html: '<a href="javascript:alert(1)">x</a>' }, { reason: 'unsafe-html' }],
    ['an encoded javascript: URL', { html: '<a href="jav&#x61;script&colon;alert(1)">x</a>' }, { reason: 'unsafe-html' }],
    ['a data: URL in a link', { html: '<a href="data:text/html,<b>x</b>">x</a>' }, { reason: 'unsafe-html' }],
    ['a placeholder in an unquoted attribute', { html: '<a title={{candidateName}}>x</a>' }, { reason: 'unsafe-placeholder-position', placeholder: 'candidateName' }],
    ['a placeholder as an attribute name', { html: '<p {{candidateName}}>x</p>' }, { reason: 'unsafe-placeholder-position', placeholder: 'candidateName' }],
    ['a non-link placeholder starting an href', { html: '<a href="{{candidateName}}">x</a>' }, { reason: 'unsafe-placeholder-position', placeholder: 'candidateName' }],
    ['a placeholder in a style attribute', { html: '<p style="color:{{candidateName}}">x</p>' }, { reason: 'unsafe-placeholder-position' }],
    ['a placeholder inside <style>', { html: '<style>p { content: "{{candidateName}}" }</style>' }, { reason: 'unsafe-placeholder-position' }],
  ];
  it.each(refused)('refuses %s', (_name, parts, problem) => {
    const problems = checkTemplate('invitation', { subject: parts.subject ?? 'Interview', text: parts.text ?? text, html: parts.html ?? null });
    expect(problems).toContainEqual(expect.objectContaining(problem));
  });

  it('renders an accepted template with every value HTML-escaped, so a hostile name stays text', () => {
    const html = '<p>Hello <b>{{candidateName}}</b></p><a href="{{inviteUrl}}" title="{{candidateName}}">Start</a>';
    expect(checkTemplate('invitation', { subject: 'Hi', text, html })).toEqual([]);
    const rendered = renderTemplate({ subject: 'Hi {{candidateName}}', text, html }, { candidateName: '"><script>alert(1)</script>', inviteUrl: 'https://hire.example.com/i/abc' });
    expect(rendered.html).toBe('<p>Hello <b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b></p><a href="https://hire.example.com/i/abc" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">Start</a>');
    expect(rendered.text).toContain('"><script>');
  });
});
