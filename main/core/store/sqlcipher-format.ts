/**
 * Just enough knowledge of the SQLCipher 4 page format (as written by
 * SQLite3MultipleCiphers with cipher=sqlcipher, legacy=4 and a raw key) to
 * tell a wrong key from a damaged first page, and to let tests look inside the
 * encrypted pages (e.g. to prove purged plates are really gone).
 *
 * Layout per 4096-byte page: AES-256-CBC ciphertext, then a 16-byte IV and a
 * 64-byte HMAC-SHA512 over (ciphertext || IV || page number LE32). Page 1 starts
 * with the 16-byte salt instead of "SQLite format 3\0". With a raw key there is
 * no passphrase KDF; the HMAC key is PBKDF2-SHA512(key, salt ^ 0x3a, 2 rounds).
 */
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

export const PAGE_SIZE = 4096;
const SALT = 16;
const IV = 16;
const MAC = 64;
const RESERVE = IV + MAC;
const WAL_HEADER = 32;
const WAL_FRAME_HEADER = 24;

export function saltOf(file: Buffer): Buffer | null {
  return file.length >= PAGE_SIZE ? file.subarray(0, SALT) : null;
}

export function hmacKey(key: Buffer, salt: Buffer): Buffer {
  const masked = Buffer.from(salt.map((b) => b ^ 0x3a));
  return pbkdf2Sync(key, masked, 2, 32, 'sha512');
}

/** True if `page` (page number `pgno`, 1-based) was written with this HMAC key. */
export function pageAuthentic(page: Buffer, pgno: number, macKey: Buffer): boolean {
  if (page.length !== PAGE_SIZE) return false;
  const start = pgno === 1 ? SALT : 0;
  const h = createHmac('sha512', macKey);
  h.update(page.subarray(start, PAGE_SIZE - MAC));
  const n = Buffer.alloc(4);
  n.writeUInt32LE(pgno);
  h.update(n);
  return timingSafeEqual(h.digest(), page.subarray(PAGE_SIZE - MAC));
}

export function decryptPage(page: Buffer, pgno: number, key: Buffer): Buffer {
  const start = pgno === 1 ? SALT : 0;
  const iv = page.subarray(PAGE_SIZE - RESERVE, PAGE_SIZE - MAC);
  const d = createDecipheriv('aes-256-cbc', key, iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(page.subarray(start, PAGE_SIZE - RESERVE)), d.final()]);
}

/**
 * Does any of the first pages after page 1 authenticate with this key? Used
 * only after SQLite refused page 1: yes means the key is right and page 1 is
 * damaged; no means the key is wrong (or the whole file is garbage).
 */
export function keyMatchesLaterPages(file: Buffer, key: Buffer, maxPages = 16): boolean {
  const salt = saltOf(file);
  if (!salt) return false;
  const mac = hmacKey(key, salt);
  const pages = Math.min(Math.floor(file.length / PAGE_SIZE), maxPages);
  for (let pgno = 2; pgno <= pages; pgno++) {
    if (pageAuthentic(file.subarray((pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE), pgno, mac))
      return true;
  }
  return false;
}

/**
 * Decrypts every authentic page of a database file and of its WAL (frames
 * carry their page number). `salt` comes from the database's page 1; pass the
 * WAL's page-1 frame if the main file is still empty.
 */
export function decryptAll(
  db: Buffer,
  wal: Buffer | null,
  key: Buffer,
): Array<{ where: 'db' | 'wal'; pgno: number; plain: Buffer }> {
  const out: Array<{ where: 'db' | 'wal'; pgno: number; plain: Buffer }> = [];
  let salt = saltOf(db);
  if (!salt && wal && wal.length >= WAL_HEADER + WAL_FRAME_HEADER + PAGE_SIZE) {
    salt = wal.subarray(WAL_HEADER + WAL_FRAME_HEADER, WAL_HEADER + WAL_FRAME_HEADER + SALT);
  }
  if (!salt) return out;
  const mac = hmacKey(key, salt);
  for (let pgno = 1; pgno * PAGE_SIZE <= db.length; pgno++) {
    const page = db.subarray((pgno - 1) * PAGE_SIZE, pgno * PAGE_SIZE);
    if (pageAuthentic(page, pgno, mac))
      out.push({ where: 'db', pgno, plain: decryptPage(page, pgno, key) });
  }
  if (wal) {
    for (
      let off = WAL_HEADER;
      off + WAL_FRAME_HEADER + PAGE_SIZE <= wal.length;
      off += WAL_FRAME_HEADER + PAGE_SIZE
    ) {
      const pgno = wal.readUInt32BE(off);
      const page = wal.subarray(off + WAL_FRAME_HEADER, off + WAL_FRAME_HEADER + PAGE_SIZE);
      if (pgno > 0 && pageAuthentic(page, pgno, mac))
        out.push({ where: 'wal', pgno, plain: decryptPage(page, pgno, key) });
    }
  }
  return out;
}
