import './connection-notices.css';
import { useConnectionStore } from './connection-store';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Headless mode, on an empty store: traces this server received went to another browser profile's store (each
 * profile and each origin keeps its own). Says which, so the user opens Loupe there instead of resending.
 */
export function ElsewhereHint() {
  const others = useConnectionStore((s) => s.elsewhere);
  if (others.length === 0) return null;
  return (
    <div className="elsewhere-hint" role="note" data-testid="elsewhere-hint">
      <strong>Traces received so far were stored in another browser profile:</strong>
      <ul>
        {others.map((p) => (
          <li key={`${p.browser}-${p.lastAt}`}>
            {p.browser}: {p.spans.toLocaleString('en-US')} {p.spans === 1 ? 'span' : 'spans'}, last on {when(p.lastAt)}
          </li>
        ))}
      </ul>
      <span className="muted">
        Each browser profile keeps its own store. Open Loupe's link in that browser to see them, or export them there
        (Export) and import the file here. New traces go to whichever Loupe page is open.
      </span>
    </div>
  );
}
