// The synthetic build contexts of the benchmark, written once per run into a temporary folder.
import { randomFillSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** One MiB-aligned pool of random bytes that file contents are cut from (different offsets per file). */
const POOL = randomFillSync(Buffer.alloc(32 * 1024 * 1024));

/** A deterministic pseudo-random generator (xorshift), so every run lays out the same sizes. */
function generator(seed) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function content(size, offset) {
  const at = offset % (POOL.length - size);
  return POOL.subarray(at, at + size);
}

/** `count` files of `minSize`–`maxSize` bytes spread over 100 × 10 folders under `dir`. */
function smallFiles(dir, count, minSize, maxSize, seed) {
  const random = generator(seed);
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `d${i % 100}`, `e${Math.floor(i / 100) % 10}`);
    if (i < 1000) mkdirSync(sub, { recursive: true });
    const size = minSize + Math.floor(random() * (maxSize - minSize));
    writeFileSync(path.join(sub, `f${i}.txt`), content(size, i * 7919));
  }
}

/**
 * Writes the three contexts under `root`: `small` (20,000 files of 0.5–16 KiB plus a Dockerfile), `large`
 * (100 files of 5 MiB) and `ignored` (2,000 source files and a `node_modules` of 30,000 files that `.dockerignore`
 * leaves out). Returns their paths.
 */
export function writeContexts(root) {
  const small = path.join(root, "small");
  smallFiles(small, 20_000, 512, 16 * 1024, 1);
  writeFileSync(path.join(small, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");

  const large = path.join(root, "large");
  mkdirSync(large, { recursive: true });
  for (let i = 0; i < 100; i++) writeFileSync(path.join(large, `blob${i}.bin`), content(5 * 1024 * 1024, i * 104729));
  writeFileSync(path.join(large, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");

  const ignored = path.join(root, "ignored");
  smallFiles(path.join(ignored, "src"), 2_000, 512, 8 * 1024, 2);
  smallFiles(path.join(ignored, "node_modules"), 30_000, 256, 4 * 1024, 3);
  writeFileSync(path.join(ignored, ".dockerignore"), "node_modules\n");
  writeFileSync(path.join(ignored, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");
  return { small, large, ignored };
}

/** Writes `big` under `root`: 400 files of 5 MiB (2 GiB) and a Dockerfile, for the peak RSS of sending it. */
export function writeBigContext(root) {
  const big = path.join(root, "big");
  mkdirSync(big, { recursive: true });
  for (let i = 0; i < 400; i++) writeFileSync(path.join(big, `blob${i}.bin`), content(5 * 1024 * 1024, i * 7_340_033));
  writeFileSync(path.join(big, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");
  return big;
}
