/**
 * What went wrong in a worker, for a message the user reads. A worker whose script never loaded (the app was
 * rebuilt or updated under an open page) reports an error event without a message.
 */
export function workerErrorMessage(e: ErrorEvent): string {
  return e.message || 'its script could not be loaded; reload the page';
}
