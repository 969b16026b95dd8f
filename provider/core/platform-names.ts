/**
 * containerd's names of operating systems and architectures (github.com/containerd/platforms v1.0.0-rc.5, the version
 * BuildKit v0.34.2 pins: `database.go`), which moby and BuildKit read `--platform` with. Proven against that code by
 * `test/integration/core/platform-parity.int.test.ts`.
 */

/** The operating systems containerd knows (Go's `GOOS` list), after normalising. */
const KNOWN_OS = new Set(
  "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris windows zos".split(
    " ",
  ),
);

/** The architectures containerd knows (Go's `GOARCH` list), after normalising. */
const KNOWN_ARCHITECTURES = new Set(
  (
    "386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips mipsle mips64 mips64le mips64p32 " +
    "mips64p32le ppc riscv riscv64 s390 s390x sparc sparc64 wasm"
  ).split(" "),
);

/** Whether containerd knows `os` (normalised) as an operating system. */
export function isKnownOs(os: string): boolean {
  return KNOWN_OS.has(os);
}

/** Whether containerd knows `architecture` (normalised) as an architecture. */
export function isKnownArchitecture(architecture: string): boolean {
  return KNOWN_ARCHITECTURES.has(architecture);
}

/** containerd's `normalizeOS` of a non-empty name: lower case, and `macos` is `darwin`. */
export function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === "macos" ? "darwin" : lower;
}

/** An architecture and its variant (`""` for none), as containerd's `normalizeArch` takes and gives them. */
export interface ArchitectureParts {
  /** The architecture in Go's names, e.g. `arm64`. */
  readonly architecture: string;
  /** The variant, e.g. `v7`; `""` for none. */
  readonly variant: string;
}

/**
 * containerd's `normalizeArch`: both lower-cased, then the aliases: `i386` → `386` (no variant), `x86_64`/`x86-64` →
 * `amd64` (`v1` dropped), `aarch64` → `arm64` (`8`, `v8`, `v8.0` dropped; `9`, `9.0`, `v9.0` → `v9`), `armhf` →
 * `arm/v7`, `armel` → `arm/v6`, and `arm` without a variant or with `7` → `arm/v7` (`5`, `6`, `8` → `v5`, `v6`, `v8`).
 */
export function normalizeArchitecture(architecture: string, variant: string): ArchitectureParts {
  const arch = architecture.toLowerCase();
  const v = variant.toLowerCase();
  switch (arch) {
    case "i386":
      return { architecture: "386", variant: "" };
    case "x86_64":
    case "x86-64":
    case "amd64":
      return { architecture: "amd64", variant: v === "v1" ? "" : v };
    case "aarch64":
    case "arm64":
      if (v === "8" || v === "v8" || v === "v8.0") return { architecture: "arm64", variant: "" };
      if (v === "9" || v === "9.0" || v === "v9.0") return { architecture: "arm64", variant: "v9" };
      return { architecture: "arm64", variant: v };
    case "armhf":
      return { architecture: "arm", variant: "v7" };
    case "armel":
      return { architecture: "arm", variant: "v6" };
    case "arm":
      if (v === "" || v === "7") return { architecture: "arm", variant: "v7" };
      if (v === "5" || v === "6" || v === "8") return { architecture: "arm", variant: `v${v}` };
      return { architecture: "arm", variant: v };
    default:
      return { architecture: arch, variant: v };
  }
}
