/** The template's definition as JSON: validated by the server's lint as you edit, saved with PUT. */
import { useEffect, useState } from 'react';
import { lintTemplate, type TemplateRef, updateTemplate } from '../api/endpoints';
import type { WorkflowTemplate } from '../api/types';

interface Props {
  readonly templateRef: TemplateRef;
  readonly template: WorkflowTemplate;
  readonly onSaved: () => void;
}

export function DefinitionEditor({ templateRef, template, onSaved }: Props) {
  const [text, setText] = useState(() => JSON.stringify(template, null, 2));
  const [problem, setProblem] = useState<string>();
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState<string>();
  useEffect(() => {
    setChecked(false);
    const timer = setTimeout(async () => {
      try {
        await lintTemplate(templateRef, JSON.parse(text));
        setProblem(undefined);
      } catch (error) {
        setProblem((error as Error).message);
      }
      setChecked(true);
    }, 400);
    return () => clearTimeout(timer);
  }, [text, templateRef]);
  const save = async () => {
    try {
      await updateTemplate(templateRef, JSON.parse(text));
      setSaved('Saved.');
      onSaved();
    } catch (error) {
      setSaved(`Not saved: ${(error as Error).message}`);
    }
  };
  return (
    <section aria-label="Definition">
      <label htmlFor="definition">Definition (JSON; YAML manifests can be applied with the CLI)</label>
      <textarea
        id="definition"
        className="code"
        rows={24}
        value={text}
        spellCheck={false}
        aria-invalid={problem !== undefined}
        aria-describedby="definition-status"
        onChange={(e) => {
          setText(e.target.value);
          setSaved(undefined);
        }}
      />
      <p id="definition-status" role="status">
        {!checked ? 'Checking…' : problem ? `✖ ${problem}` : '✔ Valid'}
      </p>
      <button
        type="button"
        className="primary"
        disabled={!checked || problem !== undefined}
        onClick={() => void save()}
      >
        Save
      </button>{' '}
      {saved && <span role="status">{saved}</span>}
    </section>
  );
}
