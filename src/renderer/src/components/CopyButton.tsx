import { useEffect, useState } from 'react';

/** Copies text computed on click (serializing a big value up front would cost every render). */
export function CopyButton({ text, label = 'Copy' }: { text: () => string; label?: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1200);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="copy-button"
      title={state === 'failed' ? 'Copy failed: select the text instead' : label}
      onClick={(e) => {
        e.stopPropagation();
        navigator.clipboard.writeText(text()).then(
          () => setState('done'),
          () => setState('failed'),
        );
      }}
    >
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Failed' : label}
    </button>
  );
}
