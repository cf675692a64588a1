import { useLayoutEffect, useRef, useState } from 'react';
import { MENU_COMMAND_EVENT } from '../../lib/menu-commands';
import { type ImportOutcome, useImportStore } from './import-store';
import './transfer.css';

const ACCEPT = '.json,.jsonl,.ndjson,.txt,application/json,application/x-ndjson';

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Import from anywhere in the window: drop files on it (an overlay says where they go), or open the file picker from
 * the Import button or the File menu (both send `loupe:menu-command` with `import`). Results show in a panel.
 */
export function ImportDropZone() {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const importFiles = useImportStore((s) => s.importFiles);

  // Before the first paint: a file dropped the moment the window shows is not missed by listeners added after it.
  useLayoutEffect(() => {
    // dragenter and dragleave fire for every child element crossed: count them to know when the window is left.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length > 0) void importFiles(files);
    };
    const command = (e: Event) => {
      const detail = (e as CustomEvent).detail;
      if (detail === 'import') input.current?.click();
      else if (detail === 'export-all') void useImportStore.getState().exportEverything();
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener(MENU_COMMAND_EVENT, command);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener(MENU_COMMAND_EVENT, command);
    };
  }, [importFiles]);

  return (
    <>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        multiple
        hidden
        data-testid="import-file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) void importFiles(files);
        }}
      />
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-card">
            <strong>Drop to import traces</strong>
            <span className="muted">
              OTLP/JSON spans or logs, or JSON Lines of them (OpenTelemetry Collector file exporter), a Langfuse trace
              export, or a Loupe export
            </span>
          </div>
        </div>
      )}
      <ImportResults />
    </>
  );
}

function ImportResults() {
  const outcomes = useImportStore((s) => s.outcomes);
  if (outcomes.length === 0) return null;
  return (
    <div className="import-results" aria-live="polite" data-testid="import-results">
      {outcomes.map((o) => (
        <ImportCard key={o.id} outcome={o} />
      ))}
    </div>
  );
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function ImportCard({ outcome }: { outcome: ImportOutcome }) {
  const dismiss = () => useImportStore.getState().dismiss(outcome.id);
  const { result } = outcome;
  const failed =
    outcome.state === 'failed' ||
    (result !== null && result.observations + result.traces + result.logs === 0 && result.errors.length > 0);
  return (
    <div className={`import-card ${failed ? 'failed' : ''}`} data-testid="import-card" data-state={outcome.state}>
      <div className="import-card-head">
        <span className="import-file" title={outcome.fileName}>
          {outcome.fileName}
        </span>
        <button type="button" className="import-dismiss" aria-label="Dismiss" onClick={dismiss}>
          ×
        </button>
      </div>
      {outcome.state === 'reading' && <div className="muted">Reading…</div>}
      {outcome.state === 'importing' && <div className="muted">Importing…</div>}
      {outcome.state === 'exporting' && <div className="muted">Exporting…</div>}
      {outcome.message && <div>{outcome.message}</div>}
      {outcome.state === 'failed' && <div className="import-error">{outcome.error}</div>}
      {result && (
        <>
          <div data-testid="import-summary">
            {result.format}: {plural(result.traces, 'trace')}, {plural(result.observations, 'observation')}
            {result.scores > 0 && `, ${plural(result.scores, 'score')}`}
            {result.logs > 0 && `, ${plural(result.logs, 'log record')}`}
          </div>
          {result.errors.length > 0 && (
            <details className="import-errors" open={result.errors.length <= 3}>
              <summary>{plural(result.errors.length, 'problem')}; the rest was imported</summary>
              <ul>
                {result.errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}
