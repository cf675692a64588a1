import { LIST_HASH, SESSIONS_HASH, useRouteStore } from '../route/route-store';
import { EndpointButton } from './EndpointButton';
import { NoticesMenu } from './NoticesMenu';
import { StatusDot } from './StatusDot';
import { ThemeToggle } from './ThemeToggle';

export function TopBar() {
  const view = useRouteStore((s) => s.route.view);
  const sessions = view === 'sessions' || view === 'session';
  return (
    <header className="topbar">
      <a className="brand" href={LIST_HASH}>
        Loupe
      </a>
      <nav className="topnav">
        <a href={LIST_HASH} className={sessions ? '' : 'active'}>
          Traces
        </a>
        <a href={SESSIONS_HASH} className={sessions ? 'active' : ''} data-testid="nav-sessions">
          Sessions
        </a>
      </nav>
      <div className="topbar-spacer" />
      <EndpointButton />
      <StatusDot />
      <ThemeToggle />
      <NoticesMenu />
    </header>
  );
}
