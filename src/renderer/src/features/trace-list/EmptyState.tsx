import { ElsewhereHint } from '../../connection/ElsewhereHint';
import { ConnectContent } from '../connect/ConnectContent';
import { LooseLogsLink } from '../logs/LogsPage';
import { requestImport } from '../transfer/import-store';

/**
 * First run: how to send traces here, or bring in an export (Loupe's, or Langfuse's) instead. The list fills in as
 * traces arrive; the Connect screen has the same content.
 */
export function EmptyState() {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h1>No traces yet</h1>
      <p>
        Point your app's tracing at Loupe, run it, and traces show up here as they arrive.
        <LooseLogsLink />
      </p>
      <div className="empty-actions">
        <button type="button" className="action-button" data-testid="empty-import" onClick={requestImport}>
          Import traces…
        </button>
        <span className="muted">
          a Loupe export, a Langfuse trace export or OTLP/JSON spans; or drop the file anywhere on the window
        </span>
      </div>
      <ElsewhereHint />
      <ConnectContent followNewTrace={false} />
    </div>
  );
}
