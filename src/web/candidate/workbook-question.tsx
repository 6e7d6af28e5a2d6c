/**
 * A workbook item: the steps, a link to download the starting workbook, and an upload of the
 * edited file. Size and extension are checked before uploading; the server's reason is shown
 * when it rejects the file (malformed, too large, macros).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { newIdempotencyKey } from '../shared/api-client.js';
import { useInterview } from './interview-context.js';
import type { ItemView, TurnReply } from './types.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

function checkFile(file: File, macrosAllowed: boolean): string | undefined {
  const name = file.name.toLowerCase();
  const allowed = macrosAllowed ? ['.xlsx', '.xlsm'] : ['.xlsx'];
  if (!allowed.some((ext) => name.endsWith(ext))) return macrosAllowed ? 'Choose an Excel workbook saved as .xlsx or .xlsm.' : 'Choose an Excel workbook saved as .xlsx (macro-enabled .xlsm files are not accepted for this task).';
  if (file.size > MAX_UPLOAD_BYTES) return `This file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`;
  if (file.size === 0) return 'This file is empty.';
  return undefined;
}

export function WorkbookQuestion({ item, onUploaded }: { readonly item: ItemView; readonly onUploaded: (reply: TurnReply) => void }) {
  const { api, busy, perform } = useInterview();
  const [file, setFile] = useState<File | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const macrosAllowed = item.macrosAllowed ?? false;
  const downloadUrl = `/api/v1/session/items/${encodeURIComponent(item.id)}/workbook?token=${encodeURIComponent(api.token ?? '')}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = file ?? input.current?.files?.[0];
    if (!chosen) {
      setProblem('Choose your edited workbook first.');
      return;
    }
    const reason = checkFile(chosen, macrosAllowed);
    setProblem(reason);
    if (reason) return;
    const idempotencyKey = newIdempotencyKey();
    const query = new URLSearchParams({ idempotencyKey, fileName: chosen.name });
    void perform(async () => onUploaded(await api.request<TurnReply>(`/session/items/${encodeURIComponent(item.id)}/upload?${query.toString()}`, { body: chosen, contentType: 'application/octet-stream' })));
  };

  return (
    <form className="workbook-question" onSubmit={submit} aria-label="Workbook answer">
      {item.instructions && item.instructions.length > 0 && (
        <>
          <h3>Steps</h3>
          <ol className="instructions">
            {item.instructions.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
        </>
      )}
      <p>
        <a className="button secondary" href={downloadUrl} download>
          Download the starting workbook
        </a>
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>Your edited workbook ({macrosAllowed ? '.xlsx or .xlsm' : '.xlsx'}, up to 10 MB)</label>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          accept={macrosAllowed ? '.xlsx,.xlsm' : '.xlsx'}
          aria-describedby={problem ? `${id}-problem` : undefined}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            setFile(chosen);
            setProblem(chosen ? checkFile(chosen, macrosAllowed) : undefined);
          }}
        />
      </div>
      {problem && (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Uploading…' : 'Upload workbook'}
      </button>
    </form>
  );
}
