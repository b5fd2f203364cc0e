import { lookOf } from '../model/phase';

/** A phase as icon + word (colour only reinforces it). */
export function Phase({ phase }: { readonly phase: string | undefined }) {
  const look = lookOf(phase);
  return (
    <span className={`phase tone-${look.tone}`}>
      <span className="icon" aria-hidden="true">
        {look.icon}
      </span>{' '}
      <span>{look.label}</span>
    </span>
  );
}
