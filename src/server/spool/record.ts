import { crc32 } from 'node:zlib';

/**
 * One spooled batch on disk: `[payload length: u32][crc32: u32][seq: u64][payload]`, little-endian.
 * The checksum covers the seq and the payload: it tells a record written whole from one cut short by a crash
 * (a torn write) or damaged later. The seq sits in the header so that opening the spool needs no JSON parsing.
 *
 * The payload is either a batch as UTF-8 JSON (it starts with `{`), or a request body kept as received:
 * `[RAW_MARK: u8][description length: u32][description: UTF-8 JSON][body bytes]`.
 */
const HEADER_BYTES = 16;

function checksum(data: Buffer, offset: number, end: number): number {
  return crc32(data.subarray(offset + 8, end));
}

/** First byte of a raw payload; a JSON payload starts with `{`. */
const RAW_MARK = 0;

export function encodeRecord(seq: number, payload: string): Buffer {
  const size = Buffer.byteLength(payload);
  const record = Buffer.allocUnsafe(HEADER_BYTES + size);
  record.writeUInt32LE(size, 0);
  record.writeBigUInt64LE(BigInt(seq), 8);
  record.write(payload, HEADER_BYTES, 'utf8');
  record.writeUInt32LE(checksum(record, 0, record.length), 4);
  return record;
}

/**
 * A record holding `body` unchanged behind a small JSON description of it, as two buffers to write one after the
 * other: the body is checksummed where it lies, never copied.
 */
export function encodeRawRecord(seq: number, description: object, body: Uint8Array): [Buffer, Uint8Array] {
  const text = JSON.stringify(description);
  const textBytes = Buffer.byteLength(text);
  const head = Buffer.allocUnsafe(HEADER_BYTES + 5 + textBytes);
  head.writeUInt32LE(5 + textBytes + body.length, 0);
  head.writeBigUInt64LE(BigInt(seq), 8);
  head[HEADER_BYTES] = RAW_MARK;
  head.writeUInt32LE(textBytes, HEADER_BYTES + 1);
  head.write(text, HEADER_BYTES + 5, 'utf8');
  head.writeUInt32LE(crc32(body, crc32(head.subarray(8))), 4);
  return [head, body];
}

export interface ScannedRecord {
  seq: number;
  offset: number;
  /** Header included. */
  length: number;
}

export interface ScanResult {
  records: ScannedRecord[];
  /** Where the valid records end; less than the data's length when the tail is torn or damaged. */
  validBytes: number;
}

/** Reads record headers from the start of a segment, stopping at the first incomplete or damaged record. */
export function scanRecords(data: Buffer): ScanResult {
  const records: ScannedRecord[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= data.length) {
    const end = offset + HEADER_BYTES + data.readUInt32LE(offset);
    if (end > data.length || checksum(data, offset, end) !== data.readUInt32LE(offset + 4)) break;
    records.push({ seq: Number(data.readBigUInt64LE(offset + 8)), offset, length: end - offset });
    offset = end;
  }
  return { records, validBytes: offset };
}

/**
 * The start of a record's payload, unchecked (`scanRecords` checked it): a raw record's description, or a JSON
 * record's first `headBytes` bytes. Opening the spool reads this much of each record besides its header.
 */
export function peekRecord(
  data: Buffer,
  record: ScannedRecord,
  headBytes: number,
): { kind: 'raw'; description: unknown } | { kind: 'json'; head: string } {
  const start = record.offset + HEADER_BYTES;
  const end = record.offset + record.length;
  if (data[start] !== RAW_MARK)
    return { kind: 'json', head: data.toString('utf8', start, Math.min(end, start + headBytes)) };
  const textEnd = start + 5 + data.readUInt32LE(start + 1);
  return { kind: 'raw', description: JSON.parse(data.toString('utf8', start + 5, Math.min(textEnd, end))) };
}

export type DecodedRecord = { kind: 'json'; text: string } | { kind: 'raw'; description: unknown; body: Buffer };

/** The payload of a record read back for delivery, checked again: the file may have been damaged since. */
export function decodeRecord(record: Buffer, seq: number): DecodedRecord {
  const end = HEADER_BYTES + record.readUInt32LE(0);
  if (end !== record.length || checksum(record, 0, end) !== record.readUInt32LE(4)) {
    throw new Error(`spooled batch #${seq} fails its checksum`);
  }
  if (record[HEADER_BYTES] !== RAW_MARK) return { kind: 'json', text: record.toString('utf8', HEADER_BYTES) };
  const textEnd = HEADER_BYTES + 5 + record.readUInt32LE(HEADER_BYTES + 1);
  if (textEnd > end) throw new Error(`spooled batch #${seq} has a description longer than the record`);
  return {
    kind: 'raw',
    description: JSON.parse(record.toString('utf8', HEADER_BYTES + 5, textEnd)),
    body: record.subarray(textEnd, end),
  };
}
