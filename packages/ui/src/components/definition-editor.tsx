/**
 * The template's definition as YAML: parsed as you edit (errors name their line), then checked by
 * the server's lint, saved with PUT.
 */
import { useEffect, useState } from 'react';
import { lintTemplate, type TemplateRef, updateTemplate } from '../api/endpoints';
import type { WorkflowTemplate } from '../api/types';
import { definitionToYaml, parseDefinitionYaml } from '../model/definition-yaml';

interface Props {
  readonly templateRef: TemplateRef;
  readonly template: WorkflowTemplate;
  readonly onSaved: () => void;
  /** False when the token's role may not change the template: the text is read-only, no Save. */
  readonly editable: boolean;
}

/** What is wrong with the text: its YAML first, then the server's lint; undefined when it is valid. */
async function problemWith(templateRef: TemplateRef, text: string): Promise<string | undefined> {
  const parsed = parseDefinitionYaml(text);
  if (!parsed.ok) return parsed.message;
  try {
    await lintTemplate(templateRef, parsed.value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function DefinitionEditor({ templateRef, template, onSaved, editable }: Props) {
  const [text, setText] = useState(() => definitionToYaml(template));
  const [problem, setProblem] = useState<string>();
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState<string>();
  useEffect(() => {
    setChecked(false);
    const timer = setTimeout(async () => {
      setProblem(await problemWith(templateRef, text));
      setChecked(true);
    }, 400);
    return () => clearTimeout(timer);
  }, [text, templateRef]);
  const save = async () => {
    const parsed = parseDefinitionYaml(text);
    if (!parsed.ok) {
      setSaved(`Not saved: ${parsed.message}`);
      return;
    }
    try {
      await updateTemplate(templateRef, parsed.value);
      setSaved('Saved.');
      onSaved();
    } catch (error) {
      setSaved(`Not saved: ${(error as Error).message}`);
    }
  };
  return (
    <section aria-label="Definition">
      <label htmlFor="definition">Definition (YAML)</label>
      <textarea
        id="definition"
        className="code"
        rows={24}
        value={text}
        readOnly={!editable}
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
      {editable ? (
        <button
          type="button"
          className="primary"
          disabled={!checked || problem !== undefined}
          onClick={() => void save()}
        >
          Save
        </button>
      ) : (
        <span className="muted">read-only: your role cannot change this template</span>
      )}{' '}
      {saved && <span role="status">{saved}</span>}
    </section>
  );
}
