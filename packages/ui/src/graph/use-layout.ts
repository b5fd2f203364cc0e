import { useEffect, useMemo, useState } from 'react';
import { type Layout, type LayoutInput, layOut, shapeKey } from './layout';

/** The layout of `input`, recomputed (in the worker) only when its shape changes. */
export function useLayout(input: LayoutInput): { layout?: Layout; error?: string } {
  const key = useMemo(() => shapeKey(input), [input]);
  const [state, setState] = useState<{ layout?: Layout; error?: string }>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the shape key stands for the input
  useEffect(() => {
    let live = true;
    layOut(input).then(
      (layout) => live && setState({ layout }),
      (error: Error) => live && setState({ error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}
