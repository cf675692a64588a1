import { useRef, useState } from 'react';
import { useDismiss } from '../../lib/use-dismiss';
import { db } from '../../store/local-db';
import { buildExport, download, EXPORT_FORMATS, type ExportFormat } from './export-data';
import { requestImport } from './import-store';
import './transfer.css';

/**
 * A button with a menu of export formats. `traceIds` is what is exported (one trace, the traces the list shows);
 * `allTraceIds`, when given, adds "everything" entries.
 */
export function ExportMenu({
  label,
  traceIds,
  allTraceIds,
}: {
  label: string;
  traceIds: () => string[];
  allTraceIds?: () => Promise<string[]>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useDismiss(open, root, setOpen);

  /** `everything`: the "Everything stored" entries, which add the log records that belong to no trace. */
  const run = async (format: ExportFormat, ids: string[], everything = false) => {
    setOpen(false);
    setMessage(null);
    if (ids.length === 0 && !everything) {
      setMessage('Nothing to export');
      return;
    }
    setBusy(`Exporting 0 of ${ids.length}…`);
    try {
      const file = await buildExport(db, ids, format, {
        onProgress: (done) => {
          if (done % 50 === 0) setBusy(`Exporting ${done} of ${ids.length}…`);
        },
        untracedLogs: everything,
      });
      if (file.traces === 0 && file.untracedLogs === 0) {
        setMessage(
          ids.length === 0
            ? 'Nothing to export'
            : 'These traces have no observations or log records to write as OTLP; choose the Loupe export',
        );
        return;
      }
      download(file);
      if (file.skipped > 0) {
        setMessage(
          `${file.skipped} trace${file.skipped === 1 ? ' has' : 's have'} no observations or log records and ${file.skipped === 1 ? 'is' : 'are'} not in the OTLP file`,
        );
      }
    } catch (error) {
      setMessage(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        className="filter-button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy !== null}
        data-testid="export-button"
        onClick={() => setOpen(!open)}
      >
        {busy ?? label}
      </button>
      {message && (
        <span className="export-message muted" role="status">
          {message}
        </span>
      )}
      {open && (
        <div className="export-panel" role="menu">
          {EXPORT_FORMATS.map((f) => (
            <button
              key={f.id}
              type="button"
              role="menuitem"
              data-testid={`export-${f.id}`}
              onClick={() => void run(f.id, traceIds())}
            >
              <span>{f.label}</span>
              <span className="muted">{f.hint}</span>
            </button>
          ))}
          {allTraceIds && (
            <>
              <div className="export-separator">Everything stored</div>
              {EXPORT_FORMATS.map((f) => (
                <button
                  key={f.id}
                  type="button"
                  role="menuitem"
                  data-testid={`export-all-${f.id}`}
                  onClick={() => void allTraceIds().then((ids) => run(f.id, ids, true))}
                >
                  <span>All traces as {f.label}</span>
                </button>
              ))}
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** The trace list's import and export buttons: export what the filters show, or everything. */
export function TransferToolbar({ shownIds }: { shownIds: readonly string[] }) {
  return (
    <div className="transfer-toolbar">
      <button type="button" className="filter-button" data-testid="import-button" onClick={requestImport}>
        Import…
      </button>
      <ExportMenu
        label={`Export ${shownIds.length.toLocaleString('en-US')} trace${shownIds.length === 1 ? '' : 's'}`}
        traceIds={() => [...shownIds]}
        allTraceIds={async () => (await db.traces.orderBy('startTime').reverse().primaryKeys()) as string[]}
      />
    </div>
  );
}
