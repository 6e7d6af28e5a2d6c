/** Requests the candidate can make at any point, sent as ordinary chat messages. */
import { useInterview } from './interview-context.js';

const ACTIONS = [
  { label: 'Repeat', text: 'Could you repeat the question?' },
  { label: 'Clarify', text: 'What do you mean? Could you clarify the question?' },
  { label: 'I don’t know', text: "I don't know." },
  { label: 'Skip', text: 'Skip this question, please.' },
] as const;

export function QuickActions({ itemId }: { readonly itemId: string | undefined }) {
  const { busy, sendMessage } = useInterview();
  return (
    <div className="quick-actions" role="group" aria-label="Ask the interviewer">
      {ACTIONS.map((action) => (
        <button key={action.label} type="button" className="button ghost small" disabled={busy} onClick={() => void sendMessage(action.text, itemId)}>
          {action.label}
        </button>
      ))}
    </div>
  );
}
