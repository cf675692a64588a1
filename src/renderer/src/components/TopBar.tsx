import { ForwardingIndicator } from '../features/forwarding/ForwardingStatus';
import {
  ANALYSIS_HASH,
  CONNECT_HASH,
  LIST_HASH,
  SESSIONS_HASH,
  SETTINGS_HASH,
  useRouteStore,
} from '../route/route-store';
import { EndpointButton } from './EndpointButton';
import { NoticesMenu } from './NoticesMenu';
import { StatusDot } from './StatusDot';
import { ThemeToggle } from './ThemeToggle';

export function TopBar() {
  const view = useRouteStore((s) => s.route.view);
  const sessions = view === 'sessions' || view === 'session';
  const analysis = view === 'analysis';
  const elsewhere = view === 'settings' || view === 'connect';
  return (
    <header className="topbar">
      <a className="brand" href={LIST_HASH}>
        Loupe
      </a>
      <nav className="topnav">
        <a href={LIST_HASH} className={sessions || analysis || elsewhere ? '' : 'active'}>
          Traces
        </a>
        <a href={SESSIONS_HASH} className={sessions ? 'active' : ''} data-testid="nav-sessions">
          Sessions
        </a>
        <a href={ANALYSIS_HASH} className={analysis ? 'active' : ''} data-testid="nav-analysis">
          Analysis
        </a>
      </nav>
      <div className="topbar-spacer" />
      <ForwardingIndicator />
      <a href={CONNECT_HASH} className={`topbar-link${view === 'connect' ? ' active' : ''}`} data-testid="nav-connect">
        Connect
      </a>
      <EndpointButton />
      <StatusDot />
      <ThemeToggle />
      <a
        href={SETTINGS_HASH}
        className={`topbar-link topbar-icon${view === 'settings' ? ' active' : ''}`}
        data-testid="nav-settings"
        title="Settings"
        aria-label="Settings"
      >
        ⚙
      </a>
      <NoticesMenu />
    </header>
  );
}
