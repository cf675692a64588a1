import { diffValues } from '@core/compare/message-diff';

/** Prompt and completion diffs off the UI thread: a 100 KB transcript can take a second to diff. */
self.onmessage = (e: MessageEvent<{ seq: number; input: [unknown, unknown]; output: [unknown, unknown] }>) => {
  const { seq, input, output } = e.data;
  try {
    self.postMessage({ seq, input: diffValues(input[0], input[1]), output: diffValues(output[0], output[1]) });
  } catch (error) {
    self.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
  }
};
