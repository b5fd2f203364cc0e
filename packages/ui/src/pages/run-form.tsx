/**
 * "Build with parameters": a form from the template's `spec.arguments.parameters` (enum →
 * dropdown, true/false → toggle, defaults or a past run's values pre-filled, descriptions shown).
 * Submitting creates the run and opens its page.
 */
import { useState } from 'react';
import { getTemplate, getWorkflow, submitFromTemplate, type TemplateRef } from '../api/endpoints';
import { useAccess } from '../api/use-access';
import { useResource } from '../api/use-resource';
import { fieldsOf, type ParamField, parameterArgs, valuesOf } from '../model/params';
import { Link, navigate, useLocation } from '../router/navigation';
import { hrefs } from '../router/routes';

async function loadForm(ref: TemplateRef, from: { namespace: string; name: string } | undefined) {
  const [template, past] = await Promise.all([
    getTemplate(ref),
    from ? getWorkflow(from.namespace, from.name) : Promise.resolve(undefined),
  ]);
  return fieldsOf(template.spec.arguments?.parameters, valuesOf(past?.spec.arguments?.parameters));
}

function Field({
  field,
  value,
  onChange,
}: {
  field: ParamField;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = `param-${field.name}`;
  const describedBy = field.description ? `${id}-description` : undefined;
  return (
    <div className="field">
      {field.kind === 'toggle' ? (
        <label>
          <input
            id={id}
            type="checkbox"
            role="switch"
            aria-checked={value === 'true'}
            checked={value === 'true'}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.checked ? 'true' : 'false')}
          />{' '}
          {field.name}
        </label>
      ) : (
        <>
          <label htmlFor={id}>{field.name}</label>
          {field.kind === 'select' ? (
            <select
              id={id}
              value={value}
              aria-describedby={describedBy}
              onChange={(e) => onChange(e.target.value)}
            >
              {field.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={id}
              type="text"
              value={value}
              aria-describedby={describedBy}
              onChange={(e) => onChange(e.target.value)}
            />
          )}
        </>
      )}
      {field.description && (
        <p id={describedBy} className="help">
          {field.description}
        </p>
      )}
    </div>
  );
}

function ParameterForm({ templateRef, fields }: { templateRef: TemplateRef; fields: readonly ParamField[] }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.initial])),
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // A ClusterWorkflowTemplate runs in a namespace the person chooses.
  const [namespace, setNamespace] = useState(templateRef.namespace ?? 'default');
  const access = useAccess();
  const mayRun = access.can('submit', namespace);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await submitFromTemplate(namespace, templateRef, parameterArgs(values));
      navigate(hrefs.run(created.metadata.namespace ?? namespace, created.metadata.name));
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Run parameters">
      {templateRef.namespace === undefined && (
        <div className="field">
          <label htmlFor="run-namespace">Namespace to run in</label>
          <input id="run-namespace" value={namespace} onChange={(e) => setNamespace(e.target.value.trim())} />
        </div>
      )}
      {fields.length === 0 && <p>This template takes no parameters.</p>}
      {fields.map((field) => (
        <Field
          key={field.name}
          field={field}
          value={values[field.name] ?? ''}
          onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
        />
      ))}
      {error && <p role="alert">Could not start the run: {error}</p>}
      {access.loaded && !mayRun && (
        <p className="muted" id="run-not-allowed">
          read-only ({access.role}): this token cannot start runs in namespace “{namespace}”.
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !mayRun}>
        {busy ? 'Starting…' : '▶ Run'}
      </button>
    </form>
  );
}

export function RunFormPage({ templateRef }: { readonly templateRef: TemplateRef }) {
  const { search } = useLocation();
  const fromName = search.get('from');
  const from = fromName
    ? { namespace: search.get('fromNs') ?? templateRef.namespace ?? 'default', name: fromName }
    : undefined;
  const form = useResource(
    () => loadForm(templateRef, from),
    [templateRef.namespace, templateRef.name, fromName],
  );
  return (
    <main aria-labelledby="run-form-title">
      <h1 id="run-form-title">
        Run <Link href={hrefs.template(templateRef)}>{templateRef.name}</Link>
      </h1>
      {from && <p>Pre-filled with the parameters of {from.name}.</p>}
      {form.error && <p role="alert">Could not load the template: {form.error}</p>}
      {form.data && <ParameterForm key={fromName ?? ''} templateRef={templateRef} fields={form.data} />}
    </main>
  );
}
