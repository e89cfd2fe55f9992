// The framing shared by journal and snapshot files: each record is
//   u32 LE payload length | u32 LE CRC-32 of the payload | payload (UTF-8 JSON)
// so a reader can tell a complete record from a torn or damaged one without trusting anything after it.
import { crc32 } from "node:zlib";

export const HEADER_BYTES = 8;
/** Larger lengths can only come from a damaged header; refusing them keeps a bad length from allocating. */
const MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;

export function frame(payload: string): Buffer {
  const length = Buffer.byteLength(payload);
  const out = Buffer.allocUnsafe(HEADER_BYTES + length);
  out.writeUInt32LE(length, 0);
  out.write(payload, HEADER_BYTES, "utf8");
  out.writeUInt32LE(crc32(out.subarray(HEADER_BYTES)), 4);
  return out;
}

export interface ScanProblem {
  /** Where the first bad record starts: every byte before it belongs to good records. */
  readonly offset: number;
  readonly reason: string;
}

/**
 * Calls `onRecord` for each good record in order and stops at the first bad one.
 * Returns the bad record's offset and why it is bad, or null when the whole buffer is good.
 */
export function scanRecords(buf: Buffer, onRecord: (payload: unknown, offset: number) => void): ScanProblem | null {
  let offset = 0;
  while (offset < buf.length) {
    if (buf.length - offset < HEADER_BYTES) return { offset, reason: "the record header is cut short" };
    const length = buf.readUInt32LE(offset);
    // A zero length is never written (payloads are JSON), but it is what a zero-filled tail reads as.
    if (length === 0 || length > MAX_PAYLOAD_BYTES) return { offset, reason: `the record length ${length} is impossible` };
    const end = offset + HEADER_BYTES + length;
    if (end > buf.length) return { offset, reason: `the record runs ${end - buf.length} bytes past the end of the file` };
    const body = buf.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== buf.readUInt32LE(offset + 4)) return { offset, reason: "the record checksum does not match" };
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      return { offset, reason: "the record is not valid JSON" };
    }
    onRecord(payload, offset);
    offset = end;
  }
  return null;
}

/** Where a journal record's payload starts: `{"s":` (JSON.stringify keeps the writer's key order). */
const RECORD_START = Buffer.from('{"s":');

/**
 * Every intact record that starts after `from`, found by searching for record starts rather than by
 * trusting lengths: what is still readable beyond a damaged record.
 */
export function recordsAfter(buf: Buffer, from: number): Array<{ readonly offset: number; readonly payload: unknown }> {
  const found: Array<{ offset: number; payload: unknown }> = [];
  for (let at = buf.indexOf(RECORD_START, from + 1 + HEADER_BYTES); at >= 0; at = buf.indexOf(RECORD_START, at + 1)) {
    const offset = at - HEADER_BYTES;
    const length = buf.readUInt32LE(offset);
    const end = at + length;
    if (length === 0 || end > buf.length || buf[end - 1] !== 0x7d /* } */) continue;
    const body = buf.subarray(at, end);
    if (crc32(body) !== buf.readUInt32LE(offset + 4)) continue;
    try {
      found.push({ offset, payload: JSON.parse(body.toString("utf8")) });
    } catch {
      continue;
    }
    at = end - 1;
  }
  return found;
}
