import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  forgetInterruptedBuild,
  interruptedBuildsOn,
  recordInterruptedBuild,
  type InterruptedBuild,
} from "../../../provider/engine/interrupted-builds";
import { makeTree, removeTree } from "../../support/fixtures";

function build(engine: string): InterruptedBuild {
  return {
    engine,
    image: "localhost:5000/app:dev",
    startedAt: "2026-11-29T06:38:30.000Z",
    failedAt: "2026-11-29T06:38:40.000Z",
    containers: ["f1a9c540daf5"],
  };
}

describe("interrupted build records", () => {
  it("keeps each record until it is forgotten, and lists only the records of the engine asked about", () => {
    const dir = makeTree({});
    try {
      const first = recordInterruptedBuild(build("unix:///a.sock"), dir);
      recordInterruptedBuild(build("unix:///a.sock"), dir);
      recordInterruptedBuild(build("tcp://10.0.0.1:2376"), dir);
      assert.equal(interruptedBuildsOn("unix:///a.sock", dir).length, 2);
      assert.deepEqual(interruptedBuildsOn("tcp://10.0.0.1:2376", dir)[0]?.record, build("tcp://10.0.0.1:2376"));
      forgetInterruptedBuild(first);
      assert.equal(interruptedBuildsOn("unix:///a.sock", dir).length, 1);
    } finally {
      removeTree(dir);
    }
  });

  it("finds nothing when no build was ever cut off", () => {
    assert.deepEqual(interruptedBuildsOn("unix:///a.sock", "/nonexistent/pdd-records"), []);
  });
});
