import { createHash } from 'node:crypto';

/**
 * Read ids for imported rows. Exports rarely carry a UUID, yet re-running
 * an import must add nothing: the id is derived from what makes a read that
 * read (source, unit, capture instant, plate as read, lane), so the same row
 * gets the same id on every run, also from a re-export in another order.
 * An export's own read number is used instead when the mapping names one.
 *
 * The UUID is version 8 (RFC 9562 "custom"; the recommended form for
 * SHA-256-based name UUIDs), the first 128 bits of the hash with the
 * version and variant bits set.
 */
export function hashUuid(parts: ReadonlyArray<string | number | null>): string {
  const h = createHash('sha256').update(JSON.stringify(parts), 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** Id from the export's own read id: kept when it is a UUID, else derived from it and the source. */
export function idFromExport(source: string, exportId: string): string {
  const v = exportId.trim();
  return isUuid(v) ? v.toLowerCase() : hashUuid(['anpr-import-id/1', source, v]);
}

/** Id from the read's content, for exports without their own read ids. */
export function idFromContent(
  source: string,
  unitId: string,
  capturedAtMs: number,
  plateRaw: string,
  lane: number | null,
): string {
  return hashUuid(['anpr-import-read/1', source, unitId, capturedAtMs, plateRaw, lane]);
}
