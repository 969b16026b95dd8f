// test-runner: once — compares our code with Docker's own Go code (the oracle) and talks to no engine
/**
 * Parity of platform strings with containerd's `platforms.Parse` + `platforms.Normalize` (github.com/containerd/
 * platforms as BuildKit pins it; `tools/oracle platforms`), the reading of `docker build --platform` by moby and
 * BuildKit: for every architecture alias in several case mixes and for seeded strings, `readPlatform` must accept
 * exactly what containerd accepts, and give the same normalised `os/arch[/variant]` (`platforms.Format`), OS version
 * and OS features.
 *
 * One-part strings (`linux`, `arm64`) are completed by containerd from the machine that reads it: we compare them
 * completed with the oracle's own platform. The library then refuses, on purpose (README, Platforms), some strings
 * containerd accepts, counted apart: a lone OS or architecture in `platforms` and `platformImages` (the engine's own
 * would complete it; `platform` passes it on for the engine to complete), an OS version or features in parentheses,
 * and an architecture or variant `.` or `..` (containerd's `Format` reads them as path steps: `linux/..` is `.`).
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatPlatform,
  normalizePlatform,
  platformInput,
  readPlatform,
  type PlatformReading,
} from "../../../provider/core/platform";
import { askOracle, isRefusal } from "../../support/oracle";
import { aliasPlatforms, randomPlatform } from "../../support/random-platform";
import { seededRandom } from "../../support/random-tree";

/** Seeded strings tried, besides the aliases. */
const SEEDS = 3000;

/** containerd's reading of one string. */
interface Theirs {
  readonly ok: boolean;
  readonly error?: string;
  readonly normalized?: string;
  readonly osVersion?: string;
  readonly osFeatures?: string[];
}

/** The platform containerd completes a one-part string with: the oracle's OS, architecture and ARM CPU variant. */
interface Host {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** Go's `path.Join` of relative parts (what containerd's `Format` does with `os`, `arch` and `variant`). */
function goPathJoin(parts: readonly string[]): string {
  const kept: string[] = [];
  for (const part of parts.filter((p) => p !== "").flatMap((p) => p.split("/"))) {
    if (part === "" || part === ".") continue;
    if (part === ".." && kept.length > 0 && kept.at(-1) !== "..") kept.pop();
    else kept.push(part);
  }
  return kept.length === 0 ? "." : kept.join("/");
}

/** Our reading as containerd would print it: completed with the host's part when one part is given. */
function ourText(reading: PlatformReading, host: Host): string | undefined {
  const format = (p: { os: string; architecture: string; variant?: string }) => {
    const n = normalizePlatform(p);
    return goPathJoin([n.os, n.architecture, n.variant ?? ""]);
  };
  switch (reading.kind) {
    case "platform":
      return goPathJoin([reading.platform.os, reading.platform.architecture, reading.platform.variant ?? ""]);
    case "os-only": {
      const variant = host.architecture === "arm" && host.variant !== "v7" ? host.variant : undefined;
      return format({ os: reading.os, architecture: host.architecture, variant });
    }
    case "architecture-only":
      return format({ os: host.os, architecture: reading.architecture, variant: reading.variant });
    default:
      return undefined;
  }
}

/** One string compared: agreement, a difference the library keeps (by kind), or a disagreement with both readings. */
type Outcome = "agree" | "one part" | "OS options" | "path step" | { readonly disagreement: string };

function compare(text: string, theirs: Theirs, host: Host, read: (text: string) => PlatformReading): Outcome {
  const reading = read(text);
  const ours = ourText(reading, host);
  const shown = JSON.stringify(text);
  if ((ours !== undefined) !== theirs.ok) {
    const said = reading.kind === "refused" ? `refused (${reading.reason})` : `accepted as ${ours}`;
    return { disagreement: `${shown}: ours ${said}, containerd ${theirs.ok ? theirs.normalized : theirs.error}` };
  }
  if (ours === undefined) {
    const input = platformInput(text, { partial: true });
    return "problem" in input ? "agree" : { disagreement: `${shown}: refused by containerd, taken by the library` };
  }
  const options = reading.kind === "platform" || reading.kind === "os-only" ? reading.osOptions : undefined;
  const same =
    ours === theirs.normalized &&
    (options?.version ?? "") === (theirs.osVersion ?? "") &&
    JSON.stringify(options?.features ?? []) === JSON.stringify(theirs.osFeatures ?? []);
  if (!same) {
    return {
      disagreement: `${shown}: ours ${ours} ${JSON.stringify(options ?? {})}, containerd ${theirs.normalized} ${
        theirs.osVersion ?? ""
      } ${JSON.stringify(theirs.osFeatures ?? [])}`,
    };
  }
  // What the library makes of it where a complete platform is required (`platforms`, `platformImages`).
  const input = platformInput(text, { partial: false });
  if ("platform" in input) {
    return formatPlatform(input.platform) === ours ? "agree" : { disagreement: `${shown}: the library sends another` };
  }
  if (reading.kind !== "platform" && options === undefined) return "one part";
  if (options !== undefined) return "OS options";
  return /path step/.test(input.problem) ? "path step" : { disagreement: `${shown}: refused (${input.problem})` };
}

async function readings(specifiers: readonly string[]): Promise<{ host: Host; platforms: Theirs[] }> {
  const answer = await askOracle<{ host: Host; platforms: Theirs[] }>("platforms", { specifiers });
  if (isRefusal(answer)) throw new Error(`platforms failed: ${answer.error}`);
  assert.equal(answer.platforms.length, specifiers.length);
  return answer;
}

const random = seededRandom(20_260_501);
const specifiers = [
  ...aliasPlatforms(random),
  ...Array.from({ length: SEEDS }, (_, i) => randomPlatform(seededRandom(i + 1))),
];

describe("platform strings against containerd's platforms.Parse and Normalize", () => {
  it("accepts what containerd accepts, refuses the rest, and normalises to the same platform", async (t) => {
    const { host, platforms: theirs } = await readings(specifiers);
    const outcomes = specifiers.map((text, i) => compare(text, theirs[i]!, host, readPlatform));
    const count = (kind: string) => outcomes.filter((o) => o === kind).length;
    const disagreements = outcomes.flatMap((o) => (typeof o === "object" ? [o.disagreement] : []));
    const accepted = theirs.filter((p) => p.ok).length;
    const distinct = new Set(specifiers).size;
    t.diagnostic(
      `${specifiers.length} strings (${distinct} distinct): containerd accepted ${accepted}, refused ` +
        `${specifiers.length - accepted}; agree ${count("agree")}; kept differences (containerd accepts, ` +
        `platforms refuses): one part ${count("one part")}, OS options ${count("OS options")}, path steps ` +
        `${count("path step")}; disagreements ${disagreements.length}`,
    );
    assert.ok(accepted > 500 && specifiers.length - accepted > 500, "the strings hold both verdicts in number");
    for (const kind of ["one part", "OS options", "path step"]) assert.ok(count(kind) > 0, `${kind} is exercised`);
    assert.deepEqual(disagreements.slice(0, 20), []);
  });

  it("finds disagreements when the reading compared is a wrong one (negative control)", async () => {
    const { host, platforms: theirs } = await readings(specifiers);
    const wrong: ((text: string) => PlatformReading)[] = [
      (text) => (/[A-Z]/.test(text) ? { kind: "refused", reason: "upper case" } : readPlatform(text)),
      (text) => readPlatform(text.replace(/aarch64/i, "aarch")),
      (text) => readPlatform(text.replace(/\/\//, "/")),
      (text) => readPlatform(text.replace(/\/v8$/i, "")),
      (text) => readPlatform(text.replace(/armel/i, "armhf")),
      (text) => (text.split("/").length === 1 ? { kind: "refused", reason: "one part" } : readPlatform(text)),
    ];
    for (const [i, read] of wrong.entries()) {
      const found = specifiers.filter((text, j) => typeof compare(text, theirs[j]!, host, read) === "object").length;
      assert.ok(found > 0, `wrong reading ${i} went unnoticed`);
    }
  });
});
