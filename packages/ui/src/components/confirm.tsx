/**
 * A button that, when `confirm` is given, asks first in a modal <dialog> (focus moves into it,
 * Escape cancels) before running its action; shows the action's error if it fails.
 */
import { type ReactNode, useRef, useState } from 'react';

interface Props {
  readonly label: string;
  readonly confirm?: string;
  readonly danger?: boolean;
  readonly disabled?: boolean;
  readonly onConfirm: () => Promise<unknown>;
  readonly children?: ReactNode;
}

export function ActionButton({ label, confirm, danger, disabled, onConfirm, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    dialog.current?.close();
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        disabled={disabled || busy}
        onClick={() => (confirm ? dialog.current?.showModal() : void run())}
      >
        {children ?? label}
      </button>
      {error && (
        <span role="alert" className="error-inline">
          {label} failed: {error}
        </span>
      )}
      {confirm && (
        <dialog ref={dialog} aria-label={`Confirm ${label}`}>
          <p>{confirm}</p>
          <div className="row">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="button" className={danger ? 'danger' : 'primary'} onClick={() => void run()}>
              {label}
            </button>
          </div>
        </dialog>
      )}
    </>
  );
}
