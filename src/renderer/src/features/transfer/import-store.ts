import type { ImportResult } from '@core/commands/contract';
import { create } from 'zustand';
import { runCommand } from '../../lib/commands';
import { MENU_COMMAND_EVENT } from '../../lib/menu-commands';
import { db } from '../../store/local-db';
import { buildExport, download } from './export-data';

/** One file's import (or an export started from the menu), as the result panel shows it. */
export interface ImportOutcome {
  id: number;
  fileName: string;
  state: 'reading' | 'importing' | 'exporting' | 'done' | 'failed';
  result: ImportResult | null;
  error: string | null;
  /** What an export wrote. */
  message?: string;
}

interface ImportState {
  outcomes: ImportOutcome[];
  importFiles(files: Iterable<File>): Promise<void>;
  /** File > Export All: every stored trace and log record as a Loupe export, which re-imports without loss. */
  exportEverything(): Promise<void>;
  dismiss(id: number): void;
}

let nextId = 1;
/** A clean import's card goes away by itself after this; cards with problems stay until dismissed. */
const CLEAN_CARD_MS = 20_000;

/**
 * Files larger than this are refused before reading: the text travels to the receiver process in one JSON message,
 * whose limit is 256 MiB, and escaping the quotes of a JSON file inside it adds up to a fifth again.
 */
const MAX_IMPORT_BYTES = 192 * 1024 * 1024;

/**
 * Imports files one after the other: each is read as text in the page and sent to the process that owns the
 * receiver (`importFile`), which maps and stores it like live traffic; the views fill as its batches are written.
 */
export const useImportStore = create<ImportState>()((set) => {
  const update = (id: number, patch: Partial<ImportOutcome>) =>
    set((s) => ({ outcomes: s.outcomes.map((o) => (o.id === id ? { ...o, ...patch } : o)) }));
  return {
    outcomes: [],
    dismiss: (id) => set((s) => ({ outcomes: s.outcomes.filter((o) => o.id !== id) })),
    exportEverything: async () => {
      const id = nextId++;
      set((s) => ({
        outcomes: [...s.outcomes, { id, fileName: 'All traces', state: 'exporting', result: null, error: null }],
      }));
      try {
        const ids = (await db.traces.orderBy('startTime').reverse().primaryKeys()) as string[];
        const file = await buildExport(db, ids, 'loupe', { untracedLogs: true });
        download(file);
        const n = file.untracedLogs;
        const untraced = n > 0 ? ` and ${n} log record${n === 1 ? '' : 's'} without a trace` : '';
        update(id, { state: 'done', fileName: file.fileName, message: `Exported ${file.traces} traces${untraced}` });
        setTimeout(() => useImportStore.getState().dismiss(id), CLEAN_CARD_MS);
      } catch (error) {
        update(id, {
          state: 'failed',
          error: `Export failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    },
    importFiles: async (files) => {
      for (const file of files) {
        const id = nextId++;
        set((s) => ({
          outcomes: [...s.outcomes, { id, fileName: file.name, state: 'reading', result: null, error: null }],
        }));
        if (file.size > MAX_IMPORT_BYTES) {
          update(id, {
            state: 'failed',
            error: `${file.name} is ${Math.round(file.size / 1024 ** 2)} MB; Loupe imports files up to ${MAX_IMPORT_BYTES / 1024 ** 2} MB: split it (JSON Lines files split at any line)`,
          });
          continue;
        }
        try {
          const text = await file.text();
          update(id, { state: 'importing' });
          const result = await runCommand('importFile', { fileName: file.name, text });
          update(id, { state: 'done', result });
          if (result.errors.length === 0) setTimeout(() => useImportStore.getState().dismiss(id), CLEAN_CARD_MS);
        } catch (error) {
          update(id, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
        }
      }
    },
  };
});

/** Asks the app to open the file picker: what the File menu and the Import button both do. */
export function requestImport(): void {
  window.dispatchEvent(new CustomEvent(MENU_COMMAND_EVENT, { detail: 'import' }));
}
