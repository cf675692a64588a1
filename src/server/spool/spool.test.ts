import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '@core/model/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../../test/eventually';
import { BatchHub } from '../hub/batch-hub';
import { encodeRecord } from './record';
import { Spool } from './spool';
import { SpoolFullError } from './spool-full-error';

const obs = (id: string) => ({ id, traceId: 't', name: `span ${id}` }) as unknown as Observation;
const segments = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('seg-'));

describe('Spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-spool-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps unacked batches and their sequence numbers across a restart', async () => {
    const spool = await Spool.open({ dir });
    const seqs = await Promise.all([1, 2, 3].map((i) => spool.append(1000 + i, `src${i}`, [obs(String(i))])));
    expect(seqs).toEqual([1, 2, 3]);
    expect(await spool.read(2)).toEqual({ seq: 2, receivedAt: 1002, source: 'src2', observations: [obs('2')] });
    spool.ack(2);
    await spool.close();

    const again = await Spool.open({ dir });
    expect(again.unacked()).toEqual([1, 3]);
    expect(await again.read(3)).toMatchObject({ observations: [obs('3')] });
    expect(await again.append(0, 'x', [])).toBe(4);
    expect(again.recoveryNotices).toEqual([]);
    await again.close();
  });

  it('keeps a raw request body byte for byte beside JSON batches, across a restart', async () => {
    const spool = await Spool.open({ dir });
    const body = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    await spool.append(1, 'json', [obs('a')]);
    const seq = await spool.appendRaw(2, 'otlp-protobuf /v1/traces', { format: 'protobuf', path: '/v1/traces', body });
    const read = await spool.read(seq);
    expect(read).toMatchObject({ seq, receivedAt: 2, source: 'otlp-protobuf /v1/traces' });
    expect('raw' in read && Buffer.from(read.raw.body).equals(Buffer.from(body))).toBe(true);
    await spool.close();

    const again = await Spool.open({ dir });
    expect(again.unacked()).toEqual([1, 2]);
    const replayed = await again.read(2);
    expect('raw' in replayed && replayed.raw.format).toBe('protobuf');
    expect('raw' in replayed && Buffer.from(replayed.raw.body).equals(Buffer.from(body))).toBe(true);
    expect(await again.read(1)).toMatchObject({ observations: [obs('a')] });
    await again.close();
  });

  it('numbers on after every batch was acked and every segment deleted', async () => {
    const spool = await Spool.open({ dir });
    for (let i = 0; i < 5; i++) spool.ack(await spool.append(0, 'x', [obs('a')]));
    await spool.close();
    expect(segments(dir)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'acks.json'), 'utf8'))).toMatchObject({ ackedThrough: 5, nextSeq: 6 });
    const again = await Spool.open({ dir });
    expect(again.unacked()).toEqual([]);
    expect(await again.append(0, 'x', [])).toBe(6);
    await again.close();
  });

  it('rolls segments and deletes each once all its batches are acked, whatever the ack order', async () => {
    const spool = await Spool.open({ dir, segmentBytes: 300, ackFlushMs: 1 });
    const big = [obs('x'.repeat(200))];
    for (let i = 0; i < 4; i++) await spool.append(0, 'x', big);
    expect(segments(dir)).toHaveLength(4);
    spool.ack(3);
    spool.ack(1);
    // Acks reach the disk a moment later (ackFlushMs), and the segments they empty go with them.
    await eventually(() => expect(segments(dir)).toEqual(['seg-0000000000000002.log', 'seg-0000000000000004.log']));
    await spool.close();
    const again = await Spool.open({ dir });
    expect(again.unacked()).toEqual([2, 4]);
    await again.close();
  });

  it('skips a torn record at the end of a segment with a notice, keeping those before it', async () => {
    const spool = await Spool.open({ dir });
    for (let i = 0; i < 3; i++) await spool.append(0, 'x', [obs(String(i))]);
    await spool.close();
    const [segment] = segments(dir);
    const torn = encodeRecord(4, JSON.stringify({ seq: 4, receivedAt: 0, source: 'x', observations: [] }));
    appendFileSync(join(dir, segment as string), torn.subarray(0, torn.length - 5));

    const again = await Spool.open({ dir });
    expect(again.unacked()).toEqual([1, 2, 3]);
    expect(again.recoveryNotices).toHaveLength(1);
    expect(again.recoveryNotices[0]).toMatch(/ended with \d+ bytes of a batch that was not completely written/);
    expect(again.recoveryNotices[0]).toContain('the 3 batches before it are kept');
    expect(await again.append(0, 'y', [])).toBe(4);
    await again.close();

    const third = await Spool.open({ dir });
    expect(third.unacked()).toEqual([1, 2, 3, 4]);
    expect(third.recoveryNotices).toEqual([]);
    await third.close();
  });

  it('stops at a record whose checksum does not match', async () => {
    const spool = await Spool.open({ dir });
    for (let i = 0; i < 3; i++) await spool.append(0, 'x', [obs(`value-${i}`)]);
    await spool.close();
    const path = join(dir, segments(dir)[0] as string);
    const data = readFileSync(path);
    const at = data.indexOf('value-1');
    data[at] = 'V'.charCodeAt(0);
    writeFileSync(path, data);
    const again = await Spool.open({ dir });
    expect(again.unacked()).toEqual([1]);
    expect(again.recoveryNotices).toHaveLength(1);
    await again.close();
  });

  it('refuses appends past the cap until acks make room, but always takes one batch when empty', async () => {
    const spool = await Spool.open({ dir, maxBytes: 1000, segmentBytes: 200, ackFlushMs: 1, retryAfterSeconds: 3 });
    // About 380 bytes per record: two fit under the cap, three do not.
    const payload = [{ id: 'y'.repeat(300) } as unknown as Observation];
    await spool.append(0, 'x', payload);
    await spool.append(0, 'x', payload);
    const refused = await spool.append(0, 'x', payload).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SpoolFullError);
    expect((refused as SpoolFullError).retryAfterSeconds).toBe(3);
    expect((refused as Error).message).toContain('--spool-max-bytes');
    // Room is made once the acks are on disk and the segments they empty are deleted (ackFlushMs later).
    const full = spool.bytesUsed;
    spool.ack(1);
    await eventually(() => expect(spool.bytesUsed).toBeLessThan(full));
    expect(await spool.append(0, 'x', payload)).toBe(3);
    spool.ack(2);
    spool.ack(3);
    await eventually(() => expect(spool.bytesUsed).toBe(0));
    expect(await spool.append(0, 'x', [obs('z'.repeat(5000))])).toBe(4);
    await spool.close();
  });

  it('commits concurrent appends together, in order', async () => {
    const spool = await Spool.open({ dir });
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => spool.append(i, 'x', [obs(String(i))])));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await spool.read(50)).receivedAt).toBe(49);
    await spool.close();
  });

  it('refuses a group whose fsync fails, and every group after it that was waiting, then goes on in a new segment', async () => {
    const probe = await open(join(dir, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const real = fileHandle.datasync;
    const spool = await Spool.open({ dir });
    // A first batch opens the segment, so the next fsync is a group's, not the directory's.
    const warm = await spool.append(0, 'warm', [obs('w')]);
    const sync = vi.spyOn(fileHandle, 'datasync');
    // The first fsync fails late; the second, started meanwhile for the next group, succeeds at once.
    sync.mockImplementationOnce(
      () => new Promise((_, fail) => setTimeout(() => fail(new Error('EIO: i/o error')), 50)),
    );
    try {
      const first = spool.append(1, 'a', [obs('a')]);
      await vi.waitFor(() => expect(sync).toHaveBeenCalledTimes(1));
      const second = spool.append(2, 'b', [obs('b')]);
      const [a, b] = await Promise.allSettled([first, second]);
      expect(a.status === 'rejected' && String(a.reason)).toMatch(/could not write to the spool in .*EIO: i\/o error/);
      expect(b.status === 'rejected' && String(b.reason)).toMatch(/could not write to the spool/);
      expect(sync.mock.calls.length).toBeGreaterThanOrEqual(1);
      const third = await spool.append(3, 'c', [obs('c')]);
      expect(spool.unacked()).toEqual([warm, third]);
      await spool.close();
      expect(segments(dir)).toHaveLength(2);

      sync.mockImplementation(real);
      const again = await Spool.open({ dir });
      expect(await again.read(third)).toMatchObject({ source: 'c' });
      await again.close();
    } finally {
      sync.mockRestore();
    }
  });

  it('lets a hub deliver after a restart what no consumer acked before it', async () => {
    const first = new BatchHub({ spool: await Spool.open({ dir }) });
    const sent: number[] = [];
    first.attach({ send: (b) => sent.push(b.seq) });
    await first.push([obs('a')], 'x');
    await first.push([obs('b')], 'x');
    await eventually(() => expect(sent).toEqual([1, 2]));
    first.ack(1);
    await first.close();

    const second = new BatchHub({ spool: await Spool.open({ dir }) });
    const replayed: string[] = [];
    second.attach({ send: (b) => replayed.push(`${b.seq}:${b.observations[0]?.id}`) });
    // In seq order: a wrongly replayed batch 1 would come first, and this would never hold.
    await eventually(() => expect(replayed).toEqual(['2:b']));
    await second.close();
  });
});
