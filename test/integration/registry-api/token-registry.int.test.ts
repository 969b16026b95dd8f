import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { RegistryAuthError } from "../../../provider/core/errors";
import type { RegistryAuth } from "../../../provider/registry-credentials/registry-auth";
import { RegistryClient } from "../../../provider/registry-api/registry-client";
import { fetchToken, headManifest } from "../../support/token-registry/plain-http";
import { startTokenRegistry, type TokenRegistry } from "../../support/token-registry/token-registry";
import { putTinyManifest } from "../../support/local-registries";

describe("RegistryClient against distribution 2.8 with token authentication", () => {
  let target: TokenRegistry;
  let auth: RegistryAuth;

  before(async () => {
    target = await startTokenRegistry();
    auth = { ...target.credentials, serverAddress: target.registry };
  });
  after(() => target?.stop());

  it("reads a manifest's digest with pull tokens and deletes it with a delete token", async () => {
    const repository = `tests/client-${randomUUID()}`;
    const token = await fetchToken(target, `repository:${repository}:pull,push`);
    const digest = await putTinyManifest(target.registry, repository, "v1", `Bearer ${token}`);
    const client = new RegistryClient();
    const location = { registry: target.registry, repository };
    assert.equal((await client.headManifest({ ...location, reference: "v1" }, auth))?.digest, digest);
    assert.equal(await client.deleteManifest({ ...location, digest }, auth), "deleted");
    assert.equal((await headManifest(target, repository, digest)).status, 404);
    const scopes = target.tokens.requests.flatMap((r) => r.granted.map((g) => `${g.name}:${g.actions.join(",")}`));
    assert.ok(
      scopes.some((s) => s === `${repository}:delete` || s.endsWith(",delete")),
      scopes.join(" "),
    );
  });

  it("reports a token without the needed access as a permission problem naming the user and scope", async () => {
    const repository = `elsewhere/${randomUUID()}`;
    await assert.rejects(
      new RegistryClient().headManifest({ registry: target.registry, repository, reference: "v1" }, auth),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes(`Registry "${target.registry}" did not grant user "${auth.username}"`) &&
        error.message.includes(`repository:${repository}:pull`) &&
        error.message.includes("insufficient_scope") &&
        !error.message.includes(target.credentials.password),
    );
  });

  it("rejects a wrong password at the token service with an authentication error naming the registry", async () => {
    const wrong = { ...auth, password: `${target.credentials.password}-wrong` };
    await assert.rejects(
      new RegistryClient().headManifest({ registry: target.registry, repository: "tests/any", reference: "v1" }, wrong),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.startsWith(`Registry "${target.registry}" rejected the credentials of user`) &&
        error.message.includes("authentication failed") &&
        !error.message.includes(wrong.password),
    );
  });

  it("asks for credentials when it has none, though the token service hands anonymous tokens out", async () => {
    await assert.rejects(
      new RegistryClient().headManifest({ registry: target.registry, repository: "tests/any", reference: "v1" }),
      (error: unknown) => error instanceof RegistryAuthError && error.message.includes("requires authentication"),
    );
  });
});
