import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { RegistryAuthError } from "../../../provider/core/errors";
import { explicitAuth } from "../../../provider/registry-credentials/resolve-credentials";
import { RegistryClient } from "../../../provider/registry-api/registry-client";
import { basicAuthorization } from "../../../provider/registry-api/registry-token";
import { localRegistries, probe, putTinyManifest, type LocalRegistries } from "../../support/local-registries";

let registries: LocalRegistries;

// No silent skips: without the registries that scripts/setup starts, these tests fail and say why.
before(async () => {
  registries = await localRegistries();
  const fix = "start them with `bash scripts/setup`";
  assert.equal(await probe(registries.open), 200, `the open test registry ${registries.open} is not running; ${fix}`);
  assert.equal(
    await probe(registries.auth),
    401,
    `the htpasswd test registry ${registries.auth} is not running; ${fix}`,
  );
  assert.ok(registries.credentials, "the setup script has not written the auth registry's auth.json; run it");
});

describe("RegistryClient against the local open registry", () => {
  it("finds no manifest for a missing tag", async () => {
    const location = { registry: registries.open, repository: `nope/${randomUUID()}`, reference: "missing" };
    assert.equal(await new RegistryClient().headManifest(location), undefined);
  });

  it("reads the digest of an uploaded manifest and deletes it", async () => {
    const repository = `registry-client-test/${randomUUID()}`;
    const digest = await putTinyManifest(registries.open, repository, "v1");
    const client = new RegistryClient();
    const info = await client.headManifest({ registry: registries.open, repository, reference: "v1" });
    assert.deepEqual(info, { digest, mediaType: "application/vnd.oci.image.manifest.v1+json" });
    assert.equal(await client.deleteManifest({ registry: registries.open, repository, digest }), "deleted");
    assert.equal(await client.headManifest({ registry: registries.open, repository, reference: digest }), undefined);
    assert.equal(await client.deleteManifest({ registry: registries.open, repository, digest }), "not-found");
  });
});

describe("RegistryClient against the local htpasswd registry", () => {
  it("fails with an authentication error that hides the wrong password", async () => {
    const auth = explicitAuth({ username: "pdd-test", password: "definitely-wrong-pw" }, registries.auth);
    await assert.rejects(
      new RegistryClient().headManifest({ registry: registries.auth, repository: "anything", reference: "v1" }, auth),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes("authentication") &&
        error.message.includes(registries.auth) &&
        !inspect(error, { depth: 10 }).includes("definitely-wrong-pw"),
    );
  });

  it("works with the credentials the setup script wrote", async () => {
    const credentials = registries.credentials!;
    const auth = explicitAuth(credentials, registries.auth);
    const client = new RegistryClient();
    const repository = `registry-client-test/${randomUUID()}`;
    assert.equal(
      await client.headManifest({ registry: registries.auth, repository, reference: "v1" }, auth),
      undefined,
    );
    const digest = await putTinyManifest(
      registries.auth,
      repository,
      "v1",
      basicAuthorization(credentials.username, credentials.password),
    );
    const info = await client.headManifest({ registry: registries.auth, repository, reference: "v1" }, auth);
    assert.equal(info?.digest, digest);
    assert.equal(await client.deleteManifest({ registry: registries.auth, repository, digest }, auth), "deleted");
  });
});
