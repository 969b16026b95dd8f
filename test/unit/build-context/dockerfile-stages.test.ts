import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildkitTargetStage,
  checkDockerfile,
  classicTargetStage,
  type DockerfileStage,
} from "../../../provider/build-context";

/** The stages of a Dockerfile the check accepts. */
function stagesOf(text: string): readonly DockerfileStage[] {
  const checked = checkDockerfile(text);
  assert.equal(checked.kind, "accepted", JSON.stringify(checked));
  return checked.kind === "accepted" ? checked.stages : [];
}

/** The index of the stage each builder selects for `target`, or null. */
function selected(
  stages: readonly DockerfileStage[],
  target: string,
): { buildkit: number | null; classic: number | null } {
  return {
    buildkit: buildkitTargetStage(stages, target)?.index ?? null,
    classic: classicTargetStage(stages, target)?.index ?? null,
  };
}

const MULTI = [
  "ARG BASE=busybox",
  "FROM ${BASE} AS Build",
  "RUN make",
  "from build as test",
  "FROM --platform=linux/amd64 busybox",
  "FROM build aS Runtime.v2",
  "COPY --from=test /out /out",
  "",
].join("\n");

describe("the stages of a Dockerfile", () => {
  it("reads each FROM's line and name, lower-cased as BuildKit keeps it and as written", () => {
    assert.deepEqual(stagesOf(MULTI), [
      { index: 0, line: 2, name: "build", written: "Build" },
      { index: 1, line: 4, name: "test", written: "test" },
      { index: 2, line: 5 },
      { index: 3, line: 6, name: "runtime.v2", written: "Runtime.v2" },
    ]);
  });

  it("reads AS written with a long s, which Go's EqualFold folds to as, and names lower-cased by Go's rules", () => {
    assert.deepEqual(stagesOf("FROM a a\u017f B\nFROM b AS \u0130mage\nFROM c AS \u212Aey\n"), [
      { index: 0, line: 1, name: "b", written: "B" },
      { index: 1, line: 2, name: "image", written: "\u0130mage" },
      { index: 2, line: 3, name: "key", written: "\u212Aey" },
    ]);
  });

  it("has no stages for a Dockerfile the check refuses, nor for another frontend's", () => {
    assert.equal(checkDockerfile("FROM a AS 9lives\n").kind, "refused");
    assert.equal(checkDockerfile("# syntax=example.com/other-frontend\nBUILD IT\n").kind, "other frontend");
  });
});

describe("the stage a target selects", () => {
  const stages = stagesOf(MULTI);

  it("selects a named stage by its name in any case, under both builders", () => {
    for (const target of ["build", "Build", "BUILD", "bUiLd"])
      assert.deepEqual(selected(stages, target), { buildkit: 0, classic: 0 });
    assert.deepEqual(selected(stages, "RUNTIME.V2"), { buildkit: 3, classic: 3 });
  });

  it("selects nothing for a near miss, a number, the log's name of an unnamed stage or a name with spaces", () => {
    for (const target of ["buil", "builds", "runtime", "0", "2", "stage-2", " build", "build "]) {
      assert.deepEqual(selected(stages, target), { buildkit: null, classic: null }, target);
    }
  });

  it("selects nothing in a Dockerfile without named stages", () => {
    const unnamed = stagesOf("FROM busybox\nRUN true\nFROM busybox\n");
    for (const target of ["0", "1", "stage-0", "busybox", "final"]) {
      assert.deepEqual(selected(unnamed, target), { buildkit: null, classic: null }, target);
    }
  });

  it("selects the last of two stages of one name under BuildKit, the first under the classic builder", () => {
    const twice = stagesOf("FROM a AS app\nFROM b AS other\nFROM c AS App\n");
    assert.deepEqual(selected(twice, "APP"), { buildkit: 2, classic: 0 });
  });

  it("differs between the builders only where Go's ToLower and EqualFold differ outside ASCII", () => {
    const named = stagesOf("FROM a AS image\nFROM b AS stage\nFROM c AS key\n");
    // U+0130 lower-cases to i but does not fold to it; U+017F folds to s but is lower case already.
    assert.deepEqual(selected(named, "\u0130MAGE"), { buildkit: 0, classic: null });
    assert.deepEqual(selected(named, "\u017Ftage"), { buildkit: null, classic: 1 });
    // The Kelvin sign is k for both; the dotless i is i for neither.
    assert.deepEqual(selected(named, "\u212Aey"), { buildkit: 2, classic: 2 });
    assert.deepEqual(selected(named, "\u0131mage"), { buildkit: null, classic: null });
  });
});
