import { createServer } from 'node:net';

/** A loopback port held by another listener until `release`: what Loupe finds when 4318 is taken. */
export async function occupyPort(): Promise<{ port: number; release(): Promise<void> }> {
  const blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  const { port } = blocker.address() as { port: number };
  return { port, release: () => new Promise<void>((done) => blocker.close(() => done())) };
}

/** A loopback port that was free a moment ago (the system may hand it out again, which tests accept). */
export async function freePort(): Promise<number> {
  const { port, release } = await occupyPort();
  await release();
  return port;
}
