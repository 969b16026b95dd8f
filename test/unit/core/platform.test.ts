import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatPlatform,
  platformForEngine,
  platformInput,
  platformMeaning,
  platformTag,
  readPlatform,
  samePlatform,
  type PlatformReading,
} from "../../../provider/core/platform";

/** The normalised text of a complete platform, else the reading's kind (and a lone part). */
function read(text: string): string {
  const reading: PlatformReading = readPlatform(text);
  switch (reading.kind) {
    case "platform":
      return formatPlatform(reading.platform);
    case "os-only":
      return `os-only ${reading.os}`;
    case "architecture-only":
      return `architecture-only ${formatPlatform({ os: "", ...reading }).slice(1)}`;
    default:
      return "refused";
  }
}

describe("readPlatform", () => {
  it("reads containerd's architecture aliases as their Go names", () => {
    const cases: Record<string, string> = {
      "linux/aarch64": "linux/arm64",
      "linux/x86_64": "linux/amd64",
      "linux/x86-64": "linux/amd64",
      "linux/i386": "linux/386",
      "linux/i386/v7": "linux/386",
      "linux/armhf": "linux/arm/v7",
      "linux/armhf/v5": "linux/arm/v7",
      "linux/armel": "linux/arm/v6",
      "linux/arm": "linux/arm/v7",
      "linux/arm/7": "linux/arm/v7",
      "linux/arm/5": "linux/arm/v5",
      "linux/arm/v6": "linux/arm/v6",
      "linux/arm64/v8": "linux/arm64",
      "linux/arm64/8": "linux/arm64",
      "linux/arm64/v8.0": "linux/arm64",
      "linux/aarch64/9.0": "linux/arm64/v9",
      "linux/arm64/v9.0": "linux/arm64/v9",
      "linux/amd64/v1": "linux/amd64",
      "linux/amd64/v2": "linux/amd64/v2",
    };
    for (const [text, expected] of Object.entries(cases)) assert.equal(read(text), expected, text);
  });

  it("lower-cases the OS, the architecture and the variant, and reads macos as darwin", () => {
    assert.equal(read("Linux/AArch64"), "linux/arm64");
    assert.equal(read("LINUX/AMD64/V2"), "linux/amd64/v2");
    assert.equal(read("MacOS/arm64"), "darwin/arm64");
  });

  it("takes any OS and architecture in two or three parts, as containerd does", () => {
    assert.equal(read("plan10/z80"), "plan10/z80");
    assert.equal(read("linux-gnu/my_arch/v1.2"), "linux-gnu/my_arch/v1.2");
  });

  it("says which part a one-part string lacks, which containerd takes from its host", () => {
    assert.equal(read("linux"), "os-only linux");
    assert.equal(read("Windows"), "os-only windows");
    assert.equal(read("aarch64"), "architecture-only arm64");
    assert.equal(read("armel"), "architecture-only arm/v6");
    assert.equal(read("arm"), "architecture-only arm/v7");
    assert.equal(read("i386"), "architecture-only 386");
  });

  it("refuses what containerd refuses, saying why", () => {
    const reasons: Record<string, RegExp> = {
      "": /names no OS/,
      "/amd64": /names no OS/,
      "linux/": /has an empty part/,
      "linux//amd64": /has an empty part/,
      "linux/amd64/v8/x": /more than three parts/,
      "linux/amd64/v8/x/y": /more than three parts/,
      "linux/*": /wildcards/,
      "linux amd64": /has an OS "linux amd64" that is not a name/,
      "linux.x/amd64": /that is not a name/,
      "linux/amd 64": /has a part "amd 64" with characters/,
      z80: /neither an OS nor an architecture/,
      "windows(10%zz)/amd64": /OS version "10%zz" that holds "%zz"/,
      "windows(10+a%2)/amd64": /OS feature "a%2" that holds "%2"/,
    };
    for (const [text, reason] of Object.entries(reasons)) {
      const reading = readPlatform(text);
      assert.equal(reading.kind, "refused", text);
      assert.match(reading.kind === "refused" ? reading.reason : "", reason, text);
    }
  });

  it("reads an OS version and features, decoded, sorted and each once", () => {
    assert.deepEqual(readPlatform("windows(10.0.17763+win32k+b+b)/amd64"), {
      kind: "platform",
      platform: { os: "windows", architecture: "amd64" },
      osOptions: { version: "10.0.17763", features: ["b", "win32k"] },
    });
    assert.deepEqual(readPlatform("windows(1%2B0)/amd64"), {
      kind: "platform",
      platform: { os: "windows", architecture: "amd64" },
      osOptions: { version: "1+0", features: [] },
    });
    assert.deepEqual(readPlatform("linux()/amd64"), {
      kind: "platform",
      platform: { os: "linux", architecture: "amd64" },
    });
  });
});

describe("platformInput", () => {
  it("gives a complete platform normalised", () => {
    assert.deepEqual(platformInput("linux/aarch64", { partial: false }), {
      platform: { os: "linux", architecture: "arm64" },
    });
  });

  it("refuses a lone OS or architecture where the platform must be complete, and shows the complete form", () => {
    const os = platformInput("linux", { partial: false });
    assert.match("problem" in os ? os.problem : "", /names an OS alone.*write os\/arch, e\.g\. linux\/amd64/);
    const arch = platformInput("aarch64", { partial: false });
    assert.match("problem" in arch ? arch.problem : "", /names no OS.*e\.g\. linux\/arm64$/);
  });

  it("keeps a lone OS or architecture as written where the engine may complete it", () => {
    assert.deepEqual(platformInput("Linux", { partial: true }), { partial: "Linux" });
    assert.deepEqual(platformInput("armhf", { partial: true }), { partial: "armhf" });
  });

  it("refuses OS versions and features, and path steps as architecture or variant", () => {
    for (const text of ["windows(10.0.17763)/amd64", "linux(+a)/amd64", "linux(1)"]) {
      const input = platformInput(text, { partial: true });
      assert.match("problem" in input ? input.problem : "", /OS version or OS features/, text);
    }
    for (const text of ["linux/..", "linux/.", "linux/arm/.."]) {
      const input = platformInput(text, { partial: true });
      assert.match("problem" in input ? input.problem : "", /reads as a path step/, text);
    }
    assert.deepEqual(platformInput("linux/.../v1", { partial: false }), {
      platform: { os: "linux", architecture: "...", variant: "v1" },
    });
  });

  it("says what Docker refuses and the fix", () => {
    const input = platformInput("linux//arm64", { partial: false });
    assert.equal(
      "problem" in input && input.problem,
      "is not a platform Docker reads: it has an empty part (a / at the end, or two in a row); write " +
        "os/arch[/variant], e.g. linux/amd64 or linux/arm64",
    );
  });
});

describe("platformTag, samePlatform, platformMeaning, platformForEngine", () => {
  it("names platform tags after the normalised platform", () => {
    assert.equal(platformTag("dev", { os: "Linux", architecture: "aarch64" }), "dev-linux-arm64");
    assert.equal(platformTag("dev", { os: "linux", architecture: "arm" }), "dev-linux-arm-v7");
    assert.equal(platformTag("dev", { os: "linux", architecture: "arm64", variant: "v8" }), "dev-linux-arm64");
  });

  it("compares platforms once normalised, as containerd's matcher does", () => {
    assert.ok(
      samePlatform({ os: "linux", architecture: "arm64", variant: "v8" }, { os: "linux", architecture: "arm64" }),
    );
    assert.ok(samePlatform({ os: "linux", architecture: "arm" }, { os: "linux", architecture: "arm", variant: "v7" }));
    assert.ok(samePlatform({ os: "linux", architecture: "x86_64" }, { os: "linux", architecture: "amd64" }));
    assert.ok(!samePlatform({ os: "linux", architecture: "arm", variant: "v6" }, { os: "linux", architecture: "arm" }));
    assert.ok(!samePlatform({ os: "linux", architecture: "amd64" }, { os: "windows", architecture: "amd64" }));
  });

  it("gives two spellings of one platform one meaning, and a lone OS or architecture its own", () => {
    assert.equal(platformMeaning("linux/aarch64"), platformMeaning("linux/arm64/v8"));
    assert.equal(platformMeaning("Linux"), platformMeaning("linux"));
    assert.equal(platformMeaning("x86_64"), platformMeaning("amd64"));
    assert.notEqual(platformMeaning("linux"), platformMeaning("linux/amd64"));
    assert.equal(platformMeaning("linux amd64"), "linux amd64");
  });

  it("sends the engine the normalised platform, and a lone part as written", () => {
    assert.equal(platformForEngine("Linux/AArch64"), "linux/arm64");
    assert.equal(platformForEngine("linux/arm"), "linux/arm/v7");
    assert.equal(platformForEngine("arm64"), "arm64");
  });
});
