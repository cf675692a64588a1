/**
 * Runs CPU-heavy steps (decode, map, serialize) one per event-loop turn. Several large requests finishing at once
 * would otherwise run their steps back to back in one turn, stalling timers, sockets and the batches on their way to
 * the store worker for the sum of them; in the lane each step waits for its own turn, so a stall is at most one step.
 */
export class CpuLane {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;

  run<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          resolve(step());
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.queue.shift()?.();
      this.schedule();
    });
  }
}

/** One lane per process: every receiver shares the same event loop. */
export const cpuLane = new CpuLane();
