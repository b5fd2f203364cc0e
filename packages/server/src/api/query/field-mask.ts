/**
 * argo-server's `fields` parameter: a comma-separated list of dotted paths to keep
 * (`items.metadata.name,items.status.phase,metadata.continue`), or to drop when the list starts with
 * `-` (`-items.status.nodes`). Arrays are transparent: `items.metadata.name` applies to every item.
 *
 * @example
 * FieldMask.parse('metadata.name')?.apply({ metadata: { name: 'a', uid: 'u' }, spec: {} })
 * // { metadata: { name: 'a' } }
 */
export class FieldMask {
  private constructor(
    readonly exclude: boolean,
    readonly paths: ReadonlySet<string>,
  ) {}

  /** undefined when no mask is given (everything is kept). */
  static parse(fields: string | undefined): FieldMask | undefined {
    if (!fields) return undefined;
    const exclude = fields.startsWith('-');
    const list = (exclude ? fields.slice(1) : fields).split(',').map((f) => f.trim());
    return new FieldMask(exclude, new Set(list.filter((f) => f !== '')));
  }

  /** Whether the mask removes `path` (or everything below it), as argo-server's WillExclude. */
  willExclude(path: string): boolean {
    return this.#touches(path) ? this.exclude : !this.exclude;
  }

  /** The same mask for paths relative to `prefix` (`result.object.` in watch streams). */
  withoutPrefix(prefix: string): FieldMask {
    const paths = [...this.paths].map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p));
    return new FieldMask(this.exclude, new Set(paths));
  }

  /** A copy of `value` with only the kept fields. */
  apply<T>(value: T): T {
    return this.#clean(value, '') as T;
  }

  #touches(path: string): boolean {
    for (const field of this.paths) {
      if (field === path || field.startsWith(`${path}.`) || path.startsWith(`${field}.`)) return true;
    }
    return false;
  }

  #clean(value: unknown, path: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#clean(item, path));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (this.paths.has(childPath)) {
        if (!this.exclude) out[key] = child;
      } else if (this.exclude) out[key] = this.#clean(child, childPath);
      else if (this.#hasBelow(childPath)) out[key] = this.#clean(child, childPath);
    }
    return out;
  }

  #hasBelow(path: string): boolean {
    for (const field of this.paths) if (field.startsWith(`${path}.`)) return true;
    return false;
  }
}
