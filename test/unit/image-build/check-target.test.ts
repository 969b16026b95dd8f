import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkBuild } from "../../../provider/image-build/check-build";
import { targetLookups } from "../../../provider/image-build/check-target";
import type { DockerBuildInputs } from "../../../provider/image-build/inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const STAGES = "FROM busybox AS Build\nRUN true\nFROM busybox\nFROM build AS runtime\nFROM build AS Build\n";

describe("the target check", () => {
  let context: string;
  before(() => {
    context = mkdtempSync(path.join(tmpdir(), "pdd-target-"));
    writeFileSync(path.join(context, "Dockerfile"), STAGES);
    writeFileSync(path.join(context, "Unnamed.Dockerfile"), "FROM busybox\nRUN true\nFROM busybox\n");
  });
  after(() => rmSync(context, { recursive: true, force: true }));

  /** What `check` says of a build of `context` with these inputs: its failures (none when it passes). */
  async function failures(inputs: Partial<DockerBuildInputs>): Promise<readonly dynamic.CheckFailure[]> {
    const news = { imageName: "localhost:5000/app", context, ...inputs } as DockerBuildInputs;
    const result = await checkBuild({} as DockerBuildInputs, news);
    return result.failures ?? [];
  }

  it("passes a target that names a stage, in the case it is written or in another", async () => {
    for (const target of ["Build", "build", "RUNTIME", "runtime"])
      assert.deepEqual(await failures({ target }), [], target);
  });

  it("passes an empty target and one unknown at preview, which are judged at up", async () => {
    assert.deepEqual(await failures({ target: "" }), []);
    assert.deepEqual(await failures({ target: UNKNOWN as unknown as string }), []);
  });

  it("refuses a target no stage has, on target, naming it, the stages as written and the fix", async () => {
    const found = await failures({ target: "nope" });
    assert.deepEqual(
      found.map((f) => f.property),
      ["target"],
    );
    assert.equal(
      found[0]!.reason,
      `target "nope" is not a stage of ${path.join(context, "Dockerfile")}, whose stages are named "Build", "runtime"; ` +
        "set target to one of them (case does not matter), or leave it out to build the last stage",
    );
  });

  it("suggests the closest stage name for a typo", async () => {
    const [failure] = await failures({ target: "runtme" });
    assert.match(failure!.reason, /whose stages are named "Build", "runtime" \(did you mean "runtime"\?\)/);
  });

  it("refuses any target of a Dockerfile without named stages, a number included", async () => {
    for (const target of ["final", "0", "stage-1"]) {
      const [failure] = await failures({ target, dockerfile: "Unnamed.Dockerfile" });
      assert.equal(failure?.property, "target");
      assert.match(
        failure!.reason,
        /is not a stage of \S+Unnamed\.Dockerfile, which names no stage \(FROM <image> AS <name>\); leave target out to build its last stage, or name the stage to build$/,
      );
    }
  });

  it("refuses a target of an inline Dockerfile and of a generated one", async () => {
    const [inline] = await failures({ target: "nope", dockerfile: { inline: STAGES } });
    assert.match(inline!.reason, /^target "nope" is not a stage of dockerfile\.inline, whose stages are named "Build"/);
    const [generated] = await failures({ target: "app", dockerfile: "auto" });
    assert.equal(
      generated!.reason,
      'target "app" is not a stage of the generated Dockerfile, which has one stage and no stage name; leave target out',
    );
  });

  it("reports a Dockerfile syntax error once, on dockerfile, and does not judge the target of that Dockerfile", async () => {
    const found = await failures({ target: "nope", dockerfile: { inline: "FROMM busybox AS build\n" } });
    assert.deepEqual(
      found.map((f) => f.property),
      ["dockerfile.inline"],
    );
  });

  it("leaves the target of a Dockerfile for another frontend to that frontend", async () => {
    const inline = "# syntax=example.com/frontend:1\nBUILD busybox\n";
    assert.deepEqual(await failures({ target: "nope", dockerfile: { inline } }), []);
  });

  it("judges a target only one builder selects by that builder, and passes it when the engine picks the builder", async () => {
    // BuildKit lower-cases U+0130 to i; the classic builder's EqualFold does not fold it to i.
    const target = "\u0130mage";
    const inline = "FROM busybox AS image\n";
    assert.deepEqual(await failures({ target, dockerfile: { inline }, builder: "buildkit" }), []);
    assert.deepEqual(await failures({ target, dockerfile: { inline } }), []);
    const [classic] = await failures({ target, dockerfile: { inline }, builder: "classic" });
    assert.equal(classic?.property, "target");
    // U+017F: the other way round.
    assert.deepEqual(
      await failures({ target: "\u017Fhip", dockerfile: { inline: "FROM a AS ship\n" }, builder: "classic" }),
      [],
    );
    const [buildkit] = await failures({
      target: "\u017Fhip",
      dockerfile: { inline: "FROM a AS ship\n" },
      platforms: ["linux/amd64"],
    });
    assert.equal(buildkit?.property, "target");
  });

  it("leaves a remote context's target to the engine, its Dockerfile being unread at check", async () => {
    const server = createServer((_request, response) => response.end("not read as a Dockerfile"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/context.tar.gz`;
      const result = await checkBuild({} as DockerBuildInputs, {
        imageName: "localhost:5000/app",
        context: url,
        target: "nope",
      });
      assert.deepEqual(result.failures ?? [], []);
      assert.match(String(result.inputs.contextDigest), /^sha256:[0-9a-f]{64}$/);
    } finally {
      server.close();
    }
  });
});

describe("the builders whose lookup decides a target", () => {
  const lookups = (inputs: Partial<DockerBuildInputs>) => targetLookups(inputs as DockerBuildInputs);

  it("is the builder given, BuildKit for platforms, the classic builder for shmSize or a network only it takes without a builder", () => {
    assert.deepEqual(lookups({ builder: "classic" }), ["classic"]);
    assert.deepEqual(lookups({ builder: "buildkit", shmSize: 1 }), ["buildkit"]);
    assert.deepEqual(lookups({ platforms: ["linux/amd64"] }), ["buildkit"]);
    assert.deepEqual(lookups({ shmSize: 67108864 }), ["classic"]);
    assert.deepEqual(lookups({ network: "bridge" }), ["classic"]);
    assert.deepEqual(lookups({ network: "host" }), ["buildkit", "classic"]);
  });

  it("is both when the engine picks the builder at create, or the builder is unknown at preview", () => {
    assert.deepEqual(lookups({}), ["buildkit", "classic"]);
    assert.deepEqual(lookups({ builder: UNKNOWN as unknown as "buildkit" }), ["buildkit", "classic"]);
    assert.deepEqual(lookups({ shmSize: UNKNOWN as unknown as number }), ["buildkit", "classic"]);
  });
});
