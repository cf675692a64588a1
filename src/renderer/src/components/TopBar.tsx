import { LIST_HASH } from '../route/route-store';
import { EndpointButton } from './EndpointButton';
import { NoticesMenu } from './NoticesMenu';
import { StatusDot } from './StatusDot';

export function TopBar() {
  return (
    <header className="topbar">
      <a className="brand" href={LIST_HASH}>
        Loupe
      </a>
      <div className="topbar-spacer" />
      <EndpointButton />
      <StatusDot />
      <NoticesMenu />
    </header>
  );
}
