/**
 * Platform strings for the platform parity test: every architecture alias of containerd's table in several case
 * mixes, with and without variants, alone and after an OS; then seeded ones: known and unknown OSes and architectures,
 * OS versions and features, digits, `_`, `-`, `.` and `..`, empty parts, extra slashes, wildcards and spaces.
 */

import type { Random } from "./random-tree";

/** The names containerd's `normalizeArch` rewrites, and `arm` whose variant it fills. */
export const ARCHITECTURE_ALIASES = ["i386", "x86_64", "x86-64", "amd64", "aarch64", "arm64", "armhf", "armel", "arm"];

/** The variants containerd's `normalizeArch` rewrites or keeps, and a few it knows nothing of. */
const VARIANTS = [
  "v1",
  "v2",
  "5",
  "v5",
  "6",
  "v6",
  "7",
  "v7",
  "8",
  "v8",
  "v8.0",
  "9",
  "9.0",
  "v9",
  "v9.0",
  "V8",
  "v8.2",
];

const KNOWN_OS = ["linux", "windows", "darwin", "freebsd", "illumos", "plan9", "zos", "js", "macos", "android"];
const OTHER_OS = ["plan10", "linux-gnu", "my_os", "os1", "l", "0", "-", "_x"];
const BAD_OS = ["lin.ux", " linux", "linux ", "lin ux", "ü", "linux\n"];
const OS_OPTIONS = ["(10.0.17763)", "(10.0+win32k)", "(+b+a+b)", "()", "(1%2B0)", "(1%zz)", "(%)", "(a b)", "(1)(2)"];

const KNOWN_ARCHITECTURES = [
  "386",
  "amd64p32",
  "armbe",
  "arm64be",
  "ppc64le",
  "loong64",
  "mips64le",
  "riscv64",
  "s390x",
];
const OTHER_ARCHITECTURES = ["z80", "my_arch", "arm-v7", "a.b", "...", ".", "..", "x86", "ARM_64", "1"];
const BAD_PARTS = ["", "x y", "a/b", "*", "ü", "a+b", "(1)"];

/** `text` with each letter's case flipped at random (`aArCh64`). */
function mixCase(random: Random, text: string): string {
  return [...text].map((c) => (random.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join("");
}

/** The same name lower-case, upper-case, capitalised and in one mixed case. */
function caseMixes(random: Random, text: string): string[] {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return [...new Set([text, text.toUpperCase(), capitalised, mixCase(random, text)])];
}

/** Every alias in every case mix: alone, after `linux`, and with each variant. */
export function aliasPlatforms(random: Random): string[] {
  const out: string[] = [];
  for (const alias of ARCHITECTURE_ALIASES) {
    for (const arch of caseMixes(random, alias)) {
      out.push(arch, `linux/${arch}`, `${mixCase(random, "linux")}/${arch}`, `windows/${arch}`);
      for (const variant of VARIANTS) out.push(`linux/${arch}/${variant}`);
    }
  }
  return out;
}

function os(random: Random): string {
  const roll = random.next();
  const name = roll < 0.6 ? random.pick(KNOWN_OS) : roll < 0.9 ? random.pick(OTHER_OS) : random.pick([...BAD_OS, ""]);
  const cased = random.chance(0.3) ? mixCase(random, name) : name;
  return random.chance(0.08) ? cased + random.pick(OS_OPTIONS) : cased;
}

function architecture(random: Random): string {
  const roll = random.next();
  const name =
    roll < 0.5
      ? random.pick(ARCHITECTURE_ALIASES)
      : roll < 0.75
        ? random.pick(KNOWN_ARCHITECTURES)
        : roll < 0.93
          ? random.pick(OTHER_ARCHITECTURES)
          : random.pick(BAD_PARTS);
  return random.chance(0.3) ? mixCase(random, name) : name;
}

function variant(random: Random): string {
  const name = random.chance(0.85) ? random.pick([...VARIANTS, "v3", "x_y", "a-b", "..", "."]) : random.pick(BAD_PARTS);
  return random.chance(0.2) ? mixCase(random, name) : name;
}

/** One seeded platform string: mostly `os/arch` and `os/arch/variant`, else one part, extra parts or slashes. */
export function randomPlatform(random: Random): string {
  const roll = random.next();
  if (roll < 0.35) return `${os(random)}/${architecture(random)}`;
  if (roll < 0.65) return `${os(random)}/${architecture(random)}/${variant(random)}`;
  if (roll < 0.75) return architecture(random);
  if (roll < 0.82) return os(random);
  if (roll < 0.87) return `${os(random)}/${architecture(random)}/${variant(random)}/${variant(random)}`;
  const base = `${os(random)}/${architecture(random)}`;
  return random.pick([`/${base}`, `${base}/`, base.replace("/", "//"), `${base}//`, `${base}/*`, `*`, "/", ""]);
}
