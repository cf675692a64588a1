import { ElsewhereHint } from '../../connection/ElsewhereHint';
import { ConnectContent } from '../connect/ConnectContent';
import { LooseLogsLink } from '../logs/LogsPage';

/** First run: how to send traces here. The list fills in as they arrive; the Connect screen has the same content. */
export function EmptyState() {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h1>No traces yet</h1>
      <p>
        Point your app's tracing at Loupe, run it, and traces show up here as they arrive.
        <LooseLogsLink />
      </p>
      <ElsewhereHint />
      <ConnectContent followNewTrace={false} />
    </div>
  );
}
