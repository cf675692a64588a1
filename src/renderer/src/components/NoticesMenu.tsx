import { useEffect, useRef, useState } from 'react';
import { useConnectionStore } from '../connection/connection-store';
import { formatStart } from '../lib/format';
import { useDismiss } from '../lib/use-dismiss';

function BellIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M8 1.5a4 4 0 0 0-4 4v2.8L2.6 11h10.8L12 8.3V5.5a4 4 0 0 0-4-4ZM6.3 12.5a1.8 1.8 0 0 0 3.4 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The bell in the top bar: rejected requests, port changes and store failures, newest first. */
export function NoticesMenu() {
  const notices = useConnectionStore((s) => s.notices);
  const unread = useConnectionStore((s) => s.unread);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const unreadError = notices.slice(0, unread).some((n) => n.level === 'error');

  // Notices arriving while the panel is open are read as they appear.
  useEffect(() => {
    if (open && notices.length > 0) useConnectionStore.getState().markNoticesRead();
  }, [open, notices]);

  useDismiss(open, root, setOpen);

  const { dismissNotice, clearNotices } = useConnectionStore.getState();
  return (
    <div className="notices" ref={root}>
      <button
        type="button"
        className={`notices-button${unreadError ? ' has-error' : ''}`}
        data-testid="notices"
        aria-expanded={open}
        title={`${notices.length} notice${notices.length === 1 ? '' : 's'}`}
        onClick={() => setOpen(!open)}
      >
        <BellIcon />
        {unread > 0 && <span className="notices-count">{unread}</span>}
      </button>
      {open && (
        <div className="notices-panel" role="dialog" aria-label="Notices">
          <div className="notices-head">
            <span>Notices</span>
            {notices.length > 0 && (
              <button type="button" className="link-button" onClick={clearNotices}>
                Clear all
              </button>
            )}
          </div>
          {notices.length === 0 ? (
            <p className="notices-empty">Nothing to report.</p>
          ) : (
            <ul className="notices-list">
              {notices.map((n) => (
                <li key={`${n.id}-${n.time}`} className={`notice notice-${n.level}`}>
                  <span className="notice-time">{formatStart(n.time)}</span>
                  <span className="notice-message">{n.message}</span>
                  <button
                    type="button"
                    className="notice-dismiss"
                    aria-label="Dismiss"
                    onClick={() => dismissNotice(n.id)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
