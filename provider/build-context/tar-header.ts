/**
 * Tar headers encoded from exact bytes: a ustar header, preceded by a PAX extended header when a name or link target
 * is not ASCII or too long for ustar, or a size too large — what Go's archive/tar (the docker CLI) writes.
 */

/** The fields of one archive entry's header. */
export interface TarHeaderFields {
  /** The path inside the archive, as exact bytes; folders end in `/`. */
  readonly name: Buffer;
  /** The entry's kind. */
  readonly type: "file" | "directory" | "symlink";
  /** Permission bits. */
  readonly mode: number;
  /** Content size in bytes (0 for folders and symlinks). */
  readonly size: number;
  /** Modification time in seconds since the epoch. */
  readonly mtime: number;
  /** The symlink's target, as exact bytes. */
  readonly linkname?: Buffer;
}

/** The tar block size; every header and every padded content is a multiple of it. */
export const BLOCK_SIZE = 512;
const NAME_FIELD = 100;
const MAX_USTAR_SIZE = 0o77777777777;
const TYPE_FLAGS = { file: "0", directory: "5", symlink: "2", pax: "x" } as const;

function isPlainAscii(bytes: Buffer): boolean {
  return bytes.every((b) => b > 0 && b < 0x80);
}

function writeOctal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(
    `${Math.max(0, Math.floor(value))
      .toString(8)
      .padStart(width - 1, "0")}\0`,
    offset,
    "ascii",
  );
}

function ustarBlock(fields: {
  name: Buffer;
  typeflag: string;
  mode: number;
  size: number;
  mtime: number;
  linkname?: Buffer;
}): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  fields.name.copy(block, 0, 0, NAME_FIELD);
  writeOctal(block, 100, 8, fields.mode & 0o7777);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, fields.size > MAX_USTAR_SIZE ? 0 : fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block.write(fields.typeflag, 156, "ascii");
  fields.linkname?.copy(block, 157, 0, NAME_FIELD);
  block.write("ustar\u000000", 257, "binary");
  writeOctal(block, 329, 8, 0);
  writeOctal(block, 337, 8, 0);
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

/** One PAX record, `"<length> <key>=<value>\n"`, where the length counts the whole record including itself. */
function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`, "ascii"), value, Buffer.from("\n", "ascii")]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length), "ascii"), body]);
}

/** Zero bytes that pad `size` bytes of content to a whole block. */
export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE);
}

/** The header blocks of one entry: a PAX header with its records when needed, then the ustar header. */
export function encodeTarHeader(fields: TarHeaderFields): Buffer {
  const records: Buffer[] = [];
  if (!isPlainAscii(fields.name) || fields.name.length > NAME_FIELD) records.push(paxRecord("path", fields.name));
  const link = fields.linkname;
  if (link !== undefined && (!isPlainAscii(link) || link.length > NAME_FIELD))
    records.push(paxRecord("linkpath", link));
  if (fields.size > MAX_USTAR_SIZE) records.push(paxRecord("size", Buffer.from(String(fields.size), "ascii")));
  const main = ustarBlock({ ...fields, typeflag: TYPE_FLAGS[fields.type] });
  if (records.length === 0) return main;
  const data = Buffer.concat(records);
  const pax = ustarBlock({
    name: Buffer.from("PaxHeader", "ascii"),
    typeflag: TYPE_FLAGS.pax,
    mode: 0o644,
    size: data.length,
    mtime: fields.mtime,
  });
  return Buffer.concat([pax, data, padding(data.length), main]);
}
