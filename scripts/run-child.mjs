// Runs a command as the script's own work: its output is the script's, the signals the script gets are passed on,
// and the script ends as the command does (with its exit code, or by the same signal).
import { spawn } from 'node:child_process';

/** Spawns `command` with `args`, inheriting stdio, and mirrors its end. */
export function runChild(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  return child;
}
