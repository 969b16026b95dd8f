import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RegistrySession, type RegistryCall } from "../../../provider/registry-api/registry-session";

/** A fetch that answers the given statuses in turn, and records the methods it was called with. */
function answering(...statuses: number[]): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fake = (async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(init?.method ?? "GET");
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)]!;
    return new Response(status === 200 ? "{}" : '{"errors":[]}', { status });
  }) as typeof fetch;
  return { fetch: fake, calls };
}

function call(method: RegistryCall["method"]): RegistryCall {
  return {
    method,
    url: "http://127.0.0.1:5000/v2/team/app/manifests/sha256:abc",
    registry: "127.0.0.1:5000",
    repository: "team/app",
    scope: "repository:team/app:pull",
  };
}

describe("RegistrySession", () => {
  it("reads again after a transient server error, as a registry writing the same manifest meanwhile needs", async () => {
    const { fetch, calls } = answering(500, 200);
    const response = await new RegistrySession(fetch).send(call("GET"));
    assert.equal(response.status, 200);
    assert.deepEqual(calls, ["GET", "GET"]);
  });

  it("gives up after three reads and returns the last error", async () => {
    const { fetch, calls } = answering(503);
    const response = await new RegistrySession(fetch).send(call("HEAD"));
    assert.equal(response.status, 503);
    assert.equal(calls.length, 3);
  });

  it("never repeats a write or a delete, nor a read the registry refused for good", async () => {
    for (const method of ["PUT", "DELETE", "POST"] as const) {
      const { fetch, calls } = answering(500, 200);
      assert.equal((await new RegistrySession(fetch).send(call(method))).status, 500);
      assert.equal(calls.length, 1, method);
    }
    const { fetch, calls } = answering(404, 200);
    assert.equal((await new RegistrySession(fetch).send(call("GET"))).status, 404);
    assert.equal(calls.length, 1);
  });
});
