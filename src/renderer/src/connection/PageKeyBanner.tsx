import { useConnectionStore } from './connection-store';
import './connection-notices.css';

/**
 * Headless mode, a page without this launch's key: the traces stored in this browser still show, but nothing new
 * arrives and settings cannot be read, so say why and what to do, above everything, until the right link is opened.
 */
export function PageKeyBanner() {
  const locked = useConnectionStore((s) => s.locked);
  if (!locked) return null;
  return (
    <div className="page-key-banner" role="alert">
      <strong>Not connected to Loupe.</strong>{' '}
      <span>
        This page does not hold the key of the Loupe running now, so new traces are not stored here and settings cannot
        be read. Open the link Loupe printed when it started (<code>Open Loupe in your browser: http://…/?key=…</code>,
        also in <code>serve.json</code> in its data directory). The key changes each time Loupe starts.
      </span>
    </div>
  );
}
