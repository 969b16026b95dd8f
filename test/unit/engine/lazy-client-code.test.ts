import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";

const PROVIDER = path.resolve(__dirname, "../../../provider/image-build/docker-build-provider.js");
const CHECK = path.resolve(__dirname, "../../../provider/image-build/check-build.js");

/** Runs `script` in a fresh Node process (where nothing is loaded yet) and returns what it printed, parsed. */
function inFreshProcess(script: string, env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, ...env } });
  return JSON.parse(out) as Record<string, unknown>;
}

const LOADED = `const loaded = (part) => Object.keys(require.cache).some((file) => file.includes(part));`;

describe("the engine client's code loads when it is needed, not with the provider", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pdd-lazy-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("loading the DockerBuild provider loads neither dockerode nor the BuildKit trace schema", () => {
    const seen = inFreshProcess(
      `${LOADED} require(${JSON.stringify(PROVIDER)});
       console.log(JSON.stringify({ dockerode: loaded("/dockerode/"), trace: loaded("trace-proto") }));`,
    );
    assert.deepEqual(seen, { dockerode: false, trace: false });
  });

  it("DockerBuild's check loads dockerode while the digest runs, so diff and create find it loaded", () => {
    const context = path.join(dir, "ctx");
    mkdirSync(context, { recursive: true });
    writeFileSync(path.join(context, "Dockerfile"), "FROM scratch\nCOPY . /\n");
    const seen = inFreshProcess(
      `${LOADED} const { checkBuild } = require(${JSON.stringify(CHECK)});
       checkBuild({}, { imageName: "example/lazy", tag: "t", context: ${JSON.stringify(context)} }).then((result) => {
         console.log(JSON.stringify({ digest: result.inputs.contextDigest, dockerode: loaded("/dockerode/") }));
         process.exit(0);
       });`,
      { XDG_CACHE_HOME: path.join(dir, "cache") },
    );
    assert.match(String(seen.digest), /^sha256:[0-9a-f]{64}$/);
    assert.equal(seen.dockerode, true);
  });
});
