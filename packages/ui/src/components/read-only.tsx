import type { AccessView } from '../api/use-access';

/** Said where a whole toolbar is hidden because the token's role cannot use it. */
export function ReadOnlyNote({ access }: { readonly access: AccessView }) {
  if (!access.loaded) return null;
  return <p className="muted read-only">read-only ({access.role ?? 'no role'})</p>;
}
