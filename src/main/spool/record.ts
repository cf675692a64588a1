import { crc32 } from 'node:zlib';

/**
 * One spooled batch on disk: `[payload length: u32][crc32: u32][seq: u64][payload: UTF-8 JSON]`, little-endian.
 * The checksum covers the seq and the payload: it tells a record written whole from one cut short by a crash
 * (a torn write) or damaged later. The seq sits in the header so that opening the spool needs no JSON parsing.
 */
export const HEADER_BYTES = 16;

function checksum(data: Buffer, offset: number, end: number): number {
  return crc32(data.subarray(offset + 8, end));
}

export function encodeRecord(seq: number, payload: string): Buffer {
  const size = Buffer.byteLength(payload);
  const record = Buffer.allocUnsafe(HEADER_BYTES + size);
  record.writeUInt32LE(size, 0);
  record.writeBigUInt64LE(BigInt(seq), 8);
  record.write(payload, HEADER_BYTES, 'utf8');
  record.writeUInt32LE(checksum(record, 0, record.length), 4);
  return record;
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

/** The payload of a record read back for delivery, checked again: the file may have been damaged since. */
export function decodeRecord(record: Buffer, seq: number): string {
  const end = HEADER_BYTES + record.readUInt32LE(0);
  if (end !== record.length || checksum(record, 0, end) !== record.readUInt32LE(4)) {
    throw new Error(`spooled batch #${seq} fails its checksum`);
  }
  return record.toString('utf8', HEADER_BYTES);
}
