import type { PointerEvent as ReactPointerEvent } from 'react';
import { usePrefsStore } from '../../lib/prefs-store';

/** Drag to resize the left pane; arrow keys move it too. The fraction is remembered. */
export function SplitHandle({ container }: { container: () => HTMLElement | null }) {
  const onPointerDown = (e: ReactPointerEvent<HTMLButtonElement>) => {
    const el = container();
    if (!el) return;
    e.preventDefault();
    const rect = el.getBoundingClientRect();
    const move = (ev: PointerEvent) => usePrefsStore.getState().setSplit((ev.clientX - rect.left) / rect.width);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <button
      type="button"
      className="split-handle"
      data-testid="split-handle"
      aria-label="Resize panes"
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowLeft' ? -0.02 : e.key === 'ArrowRight' ? 0.02 : 0;
        if (step === 0) return;
        e.preventDefault();
        const { split, setSplit } = usePrefsStore.getState();
        setSplit(split + step);
      }}
    />
  );
}
