import type { Backlog } from '@core/wire/protocol';
import type { ConnectionStatus } from '../../store/store-worker-messages';

/**
 * Whether traces are on their way to an empty store: the server holds spans for it (a backlog sent before the window
 * opened), or cannot have said yet while the store link connects. The list's frame then stays and fills as they are
 * stored, instead of the first-run screen showing until the first commit (a drain's first transaction takes a second
 * or two). A server that cannot be reached, or a page without its key, has said nothing: the first-run screen, with how to
 * connect, shows.
 */
export const tracesMayArrive = (s: { backlog: Backlog | null; status: ConnectionStatus; locked: unknown }): boolean =>
  s.backlog === null ? s.status === 'connecting' && !s.locked : s.backlog.spans > 0;
