/**
 * Finding `{{…}}` tags in strings and every string inside a manifest fragment, with its path.
 */

export type Tag =
  | { readonly kind: 'simple'; readonly name: string; readonly raw: string }
  | { readonly kind: 'expression'; readonly source: string; readonly raw: string }
  | { readonly kind: 'unterminated'; readonly raw: string };

/**
 * The tags in `text`, in order, the way Argo's template engine reads them: from `{{` to the next `}}`.
 *
 * @example
 * scanTags('a {{ inputs.parameters.x }} {{=1+1}}')
 * // [{ kind: 'simple', name: 'inputs.parameters.x', … }, { kind: 'expression', source: '1+1', … }]
 */
export function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return tags;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      tags.push({ kind: 'unterminated', raw: text.slice(open, open + 40) });
      return tags;
    }
    const body = text.slice(open + 2, close);
    const raw = `{{${body}}}`;
    if (body.startsWith('=')) tags.push({ kind: 'expression', source: body.slice(1).trim(), raw });
    else tags.push({ kind: 'simple', name: body.trim(), raw });
    from = close + 2;
  }
}

/** One string found in a manifest fragment, and where. */
export interface FoundString {
  readonly path: string;
  readonly text: string;
}

/**
 * Every string value under `value` (map keys excluded), with paths like `container.args[0]`.
 * Keys listed in `skip` are not entered at the top level.
 */
export function collectStrings(value: unknown, path: string, skip: readonly string[] = []): FoundString[] {
  const found: FoundString[] = [];
  visit(value, path, found, skip);
  return found;
}

function visit(value: unknown, path: string, found: FoundString[], skip: readonly string[]): void {
  if (typeof value === 'string') {
    if (value.includes('{{')) found.push({ path, text: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((element, index) => {
      visit(element, `${path}[${index}]`, found, []);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (skip.includes(key)) continue;
      visit(child, joinPath(path, key), found, []);
    }
  }
}

/** `a` + `b` → `a.b`; keys that are not plain identifiers are quoted: `a["x.y"]`. */
export function joinPath(path: string, key: string): string {
  const plain = /^[A-Za-z_$][-\w$]*$/.test(key);
  if (!plain) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}
