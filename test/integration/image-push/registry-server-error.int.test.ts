import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { PushError } from "../../../provider/core/errors";
import { dockerClient } from "../../../provider/engine/connection";
import { PUSH_ATTEMPTS, pushTag } from "../../../provider/image-push/run-push";
import { docker, removeImages } from "../../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../../support/environment";
import { manifestDigest } from "../../support/registry-http";
import { RegistryProxy, registryTarget, type ProxyHook } from "../../support/registry-proxy";

const env = testEnvironment();
const tagged: string[] = [];
after(() => removeImages(...tagged));

/** A hook answering the first `failures` manifest PUTs with docker-registry's 500 of a racing push; counts them. */
function failingManifestPuts(failures: number): { hook: ProxyHook; puts: () => number } {
  let puts = 0;
  const hook: ProxyHook = (request, response, forward) => {
    if (request.method !== "PUT" || !/\/manifests\//.test(request.url ?? "")) return forward();
    puts++;
    if (puts > failures) return forward();
    request.resume();
    response.writeHead(500, { "content-type": "application/json" });
    response.end(
      '{"errors":[{"code":"UNKNOWN","message":"unknown error","detail":"invalid checksum digest format"}]}\n',
    );
  };
  return { hook, puts: () => puts };
}

/** Pushes busybox to a new repository through `proxy`; the result or the error, and the log lines. */
async function pushThrough(
  proxy: RegistryProxy,
): Promise<{ result?: { digest?: string }; error?: unknown; lines: string[]; imageName: string }> {
  const suffix = uniqueSuffix();
  const imageName = `${proxy.host}/tests/server-error-${suffix}`;
  docker("tag", env.busyboxImage, `${imageName}:dev`);
  tagged.push(`${imageName}:dev`);
  const lines: string[] = [];
  const request = {
    imageName,
    tag: "dev",
    registry: proxy.host,
    auth: undefined,
    print: (line: string) => void lines.push(line),
  };
  try {
    return { result: await pushTag(dockerClient(), request), lines, imageName };
  } catch (error) {
    return { error, lines, imageName };
  }
}

describe("a push the registry fails with a server error", { concurrency: false }, () => {
  /** How many manifest PUTs one push of the engine makes when each is answered 500 (engine 28 retries on its own). */
  let putsPerAttempt = 0;

  it(`fails with the registry's error after ${PUSH_ATTEMPTS} attempts when it keeps answering 500`, async () => {
    const faults = failingManifestPuts(Number.POSITIVE_INFINITY);
    const proxy = await RegistryProxy.start(registryTarget(env.registry), faults.hook);
    try {
      const { error, lines } = await pushThrough(proxy);
      assert.ok(error instanceof PushError, `expected a PushError, got ${String(error)}`);
      assert.match(error.message, /500 Internal Server Error|error from registry: unknown error/);
      assert.ok(
        lines.some((line) => line.includes(`the registry failed each of ${PUSH_ATTEMPTS} attempts`)),
        lines.join("\n"),
      );
      putsPerAttempt = faults.puts() / PUSH_ATTEMPTS;
      assert.ok(
        Number.isInteger(putsPerAttempt) && putsPerAttempt >= 1,
        `${faults.puts()} manifest PUTs in ${PUSH_ATTEMPTS} attempts`,
      );
    } finally {
      await proxy.close();
    }
  });

  it("is sent again and succeeds when the registry answers the next attempt, saying so in the log", async () => {
    assert.ok(putsPerAttempt >= 1, "the previous test measures one attempt's manifest PUTs");
    const faults = failingManifestPuts(putsPerAttempt);
    const proxy = await RegistryProxy.start(registryTarget(env.registry), faults.hook);
    try {
      const { result, error, lines, imageName } = await pushThrough(proxy);
      assert.equal(error, undefined, `the push failed: ${String(error)}\n${lines.join("\n")}`);
      assert.ok(
        lines.some((line) => /the registry failed the push \(.+\); pushing again \(attempt 2 of \d\)/.test(line)),
        lines.join("\n"),
      );
      assert.equal(faults.puts(), putsPerAttempt + 1);
      const repository = imageName.slice(proxy.host.length + 1);
      assert.equal(result?.digest, await manifestDigest(`${env.registry}/${repository}`, "dev"));
    } finally {
      await proxy.close();
    }
  });
});
