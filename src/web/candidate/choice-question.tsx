/** A multiple-choice item: radio buttons (one answer) or checkboxes (`multiple`), then Submit. */
import { useId, useState, type FormEvent } from 'react';
import { useInterview } from './interview-context.js';
import type { ItemView } from './types.js';

export function ChoiceQuestion({ item }: { readonly item: ItemView }) {
  const { busy, submitAnswer } = useInterview();
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const multiple = item.multiple ?? false;

  const toggle = (optionId: string, checked: boolean) => {
    setProblem(undefined);
    if (!multiple) setSelected(checked ? [optionId] : []);
    else setSelected((current) => (checked ? [...current.filter((s) => s !== optionId), optionId] : current.filter((s) => s !== optionId)));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (selected.length === 0) {
      setProblem(multiple ? 'Select at least one option.' : 'Select an option.');
      return;
    }
    void submitAnswer(item.id, { kind: 'choice', selected: [...selected] });
  };

  return (
    <form className="choice-question" onSubmit={submit} aria-label="Choice answer">
      <fieldset aria-describedby={problem ? `${id}-problem` : undefined}>
        <legend>{multiple ? 'Select every option that applies' : 'Select one option'}</legend>
        <ul className="options">
          {(item.options ?? []).map((option) => (
            <li key={option.id}>
              <label className="option">
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={`${id}-choice`}
                  value={option.id}
                  checked={selected.includes(option.id)}
                  onChange={(e) => toggle(option.id, e.target.checked)}
                />
                <span>{option.text}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {problem && (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        Submit answer
      </button>
    </form>
  );
}
