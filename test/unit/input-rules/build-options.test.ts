import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkBuildOptions } from "../../../provider/input-rules/build-options";
import { UNKNOWN } from "../../../provider/core/unknown-values";

function failures(options: unknown): dynamic.CheckFailure[] {
  const found: dynamic.CheckFailure[] = [];
  checkBuildOptions(options, found);
  return found;
}

describe("checkBuildOptions", () => {
  it("accepts well-typed Engine API /build parameters", () => {
    const options = {
      memory: 1073741824,
      memswap: -1,
      cpushares: 512,
      cpuquota: "50000",
      cpusetcpus: "0-1",
      squash: false,
      isolation: "default",
      ulimits: '[{"Name":"nofile","Soft":1024,"Hard":2048}]',
      rm: true,
    };
    assert.deepEqual(failures(options), []);
  });

  it("refuses an unknown key and lists the known ones", () => {
    const [failure] = failures({ frobnicate: true });
    assert.equal(failure?.property, "buildOptions.frobnicate");
    assert.match(
      failure?.reason ?? "",
      /is not an Engine API \/build parameter; the ones buildOptions takes are memory, /,
    );
  });

  it("suggests the closest known name for a misspelt or wrongly cased key", () => {
    assert.match(failures({ memroy: 1 })[0]?.reason ?? "", /did you mean memory\?/);
    assert.match(failures({ CpuShares: 1 })[0]?.reason ?? "", /did you mean cpushares\?/);
  });

  it("types each known key and says what it takes", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ memory: "lots" }, /buildOptions\.memory must be a number of bytes, e\.g\. 1073741824, not "lots"/],
      [{ memory: 1.5 }, /memory must be a number of bytes/],
      [{ memswap: -2 }, /memswap must be a number of bytes \(memory \+ swap\), or -1/],
      [{ cpushares: -1 }, /cpushares must be a whole number ≥ 0/],
      [{ cpusetcpus: "all" }, /cpusetcpus must be a CPU list like "0-3"/],
      [{ squash: "yes" }, /squash must be true or false, not "yes"/],
      [{ isolation: "vm" }, /isolation must be one of "default", "process", "hyperv"/],
      [{ ulimits: "nofile=1024" }, /ulimits must be a JSON list as a string/],
      [{ rm: false }, /rm must be true, or left out: this library always removes intermediate containers/],
    ];
    for (const [options, expected] of cases) {
      const found = failures(options);
      assert.equal(found.length, 1, JSON.stringify(options));
      assert.match(found[0]?.reason ?? "", expected);
    }
  });

  it("leaves values unknown during preview alone", () => {
    assert.deepEqual(failures({ memory: UNKNOWN }), []);
    assert.deepEqual(failures(UNKNOWN), []);
  });
});
