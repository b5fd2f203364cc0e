/** A template definition as YAML text: shown for editing, parsed back with errors that name their line. */
import { parseDocument, stringify } from 'yaml';

export type ParsedDefinition =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

const manifestOrder = ['apiVersion', 'kind', 'metadata', 'spec'];

/** Top-level keys as a manifest lists them (apiVersion, kind, metadata, spec), then any others as they came. */
function inManifestOrder(definition: object): Record<string, unknown> {
  const fields = definition as Record<string, unknown>;
  const keys = [...manifestOrder.filter((key) => key in definition), ...Object.keys(definition)];
  return Object.fromEntries([...new Set(keys)].map((key) => [key, fields[key]]));
}

/** The definition as the editor shows it: block-style YAML, multi-line scripts as literal blocks. */
export const definitionToYaml = (definition: object): string =>
  stringify(inManifestOrder(definition), { lineWidth: 0 });

/** The first YAML error as "YAML line L, column C: what", or a plain message when the text is no mapping. */
export function parseDefinitionYaml(text: string): ParsedDefinition {
  const document = parseDocument(text);
  const [error] = document.errors;
  if (error) {
    const position = error.linePos?.[0];
    const where = position ? `YAML line ${position.line}, column ${position.col}` : 'YAML';
    return { ok: false, message: `${where}: ${error.message.split(' at line ')[0]}` };
  }
  let value: unknown;
  try {
    value = document.toJS();
  } catch (thrown) {
    return { ok: false, message: `YAML: ${(thrown as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      message: 'YAML: the definition must be a mapping (apiVersion, kind, metadata, spec)',
    };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
