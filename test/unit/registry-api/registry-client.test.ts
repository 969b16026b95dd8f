import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { RegistryAuthError, RegistryError } from "../../../provider/core/errors";
import type { RegistryAuth } from "../../../provider/registry-credentials/registry-auth";
import { MANIFEST_MEDIA_TYPES, RegistryClient } from "../../../provider/registry-api/registry-client";
import {
  FAKE_MEDIA_TYPE,
  startFakeRegistry,
  type FakeRegistry,
  type FakeRegistryOptions,
} from "../../support/fake-registry";

const PASSWORD = "correct-horse";
let running: FakeRegistry | undefined;

async function start(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  running = await startFakeRegistry({ ...options, password: PASSWORD });
  return running;
}

afterEach(async () => {
  await running?.close();
  running = undefined;
});

function basic(fake: FakeRegistry, password = PASSWORD): RegistryAuth {
  return { username: "alice", password, serverAddress: fake.registry };
}

function leaksNothing(error: unknown, ...secrets: string[]): boolean {
  const text = `${String(error)}\n${(error as Error).stack}\n${inspect(error, { depth: 10 })}`;
  return secrets.every((secret) => !text.includes(secret));
}

describe("RegistryClient on an open registry", () => {
  it("reads the digest and media type of a tag from a HEAD request that accepts every manifest type", async () => {
    const fake = await start();
    const digest = fake.put("team/app", "v1");
    const info = await new RegistryClient().headManifest({
      registry: fake.registry,
      repository: "team/app",
      reference: "v1",
    });
    assert.deepEqual(info, { digest, mediaType: FAKE_MEDIA_TYPE });
    const [request] = fake.requests;
    assert.equal(request?.method, "HEAD");
    assert.equal(request?.url, "/v2/team/app/manifests/v1");
    assert.equal(request?.authorization, undefined);
    for (const type of MANIFEST_MEDIA_TYPES) assert.ok(request?.accept?.includes(type), type);
  });

  it("returns undefined for a tag the registry does not have", async () => {
    const fake = await start();
    fake.put("team/app", "v1");
    const client = new RegistryClient();
    assert.equal(
      await client.headManifest({ registry: fake.registry, repository: "team/app", reference: "v2" }),
      undefined,
    );
  });

  it("hashes the manifest body when the registry sends no Docker-Content-Digest", async () => {
    const fake = await start({ omitDigestHeader: true });
    const digest = fake.put("app", "v1");
    const info = await new RegistryClient().headManifest({
      registry: fake.registry,
      repository: "app",
      reference: "v1",
    });
    assert.equal(info?.digest, digest);
    assert.deepEqual(
      fake.requests.map((r) => r.method),
      ["HEAD", "GET"],
    );
  });

  it("deletes a manifest by digest and reports a second delete as not found", async () => {
    const fake = await start();
    const digest = fake.put("app", "v1");
    const client = new RegistryClient();
    const location = { registry: fake.registry, repository: "app", digest };
    assert.equal(await client.deleteManifest(location), "deleted");
    assert.equal(await client.deleteManifest(location), "not-found");
    assert.equal(fake.requests[0]?.url, `/v2/app/manifests/${digest}`);
  });

  for (const status of [405, 400] as const) {
    it(`reports deletion as unsupported when the registry answers ${status} UNSUPPORTED`, async () => {
      const fake = await start({ deleteDisabledStatus: status });
      const digest = fake.put("app", "v1");
      const outcome = await new RegistryClient().deleteManifest({ registry: fake.registry, repository: "app", digest });
      assert.equal(outcome, "unsupported");
    });
  }

  it("turns other failures into a RegistryError with the status, registry and repository", async () => {
    const fake = await start({ manifestStatus: 500 });
    await assert.rejects(
      new RegistryClient().deleteManifest({ registry: fake.registry, repository: "team/app", digest: "sha256:00" }),
      (error: unknown) =>
        error instanceof RegistryError &&
        error.status === 500 &&
        error.message.includes(fake.registry) &&
        error.message.includes('"team/app"') &&
        error.message.includes("UNKNOWN"),
    );
  });

  it("names the registry URL when nothing listens there", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    await assert.rejects(
      new RegistryClient().headManifest({ registry: `127.0.0.1:${port}`, repository: "app", reference: "v1" }),
      (error: unknown) =>
        error instanceof RegistryError &&
        error.message.includes(`http://127.0.0.1:${port}`) &&
        error.message.includes("ECONNREFUSED"),
    );
  });
});

describe("RegistryClient on a registry with basic authentication", () => {
  it("tries anonymously first and retries with the user name and password", async () => {
    const fake = await start({ auth: "basic" });
    const digest = fake.put("app", "v1");
    const info = await new RegistryClient().headManifest(
      { registry: fake.registry, repository: "app", reference: "v1" },
      basic(fake),
    );
    assert.equal(info?.digest, digest);
    assert.deepEqual(
      fake.requests.map((r) => r.authorization),
      [undefined, `Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`],
    );
  });

  it("rejects a wrong password with an authentication error that does not contain it", async () => {
    const fake = await start({ auth: "basic" });
    await assert.rejects(
      new RegistryClient().headManifest(
        { registry: fake.registry, repository: "app", reference: "v1" },
        basic(fake, "wrong-pass-123"),
      ),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes("authentication") &&
        error.message.includes(fake.registry) &&
        error.message.includes("docker login") &&
        leaksNothing(error, "wrong-pass-123", Buffer.from("alice:wrong-pass-123").toString("base64")),
    );
  });

  it("asks for credentials when it has none", async () => {
    const fake = await start({ auth: "basic" });
    await assert.rejects(
      new RegistryClient().headManifest({ registry: fake.registry, repository: "app", reference: "v1" }),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        /requires authentication.*no credentials were found.*`credentials` input/.test(error.message),
    );
  });
});

describe("RegistryClient on a registry with bearer token authentication", () => {
  it("gets a token for the challenge's service and scope with basic auth, then retries with it", async () => {
    const fake = await start({ auth: "bearer" });
    fake.put("team/app", "v1");
    await new RegistryClient().headManifest(
      { registry: fake.registry, repository: "team/app", reference: "v1" },
      basic(fake),
    );
    const [anonymous, tokenRequest, retry] = fake.requests;
    assert.equal(anonymous?.authorization, undefined);
    const tokenUrl = new URL(tokenRequest?.url ?? "", "http://x");
    assert.equal(tokenUrl.pathname, "/token");
    assert.equal(tokenUrl.searchParams.get("service"), "fake-registry");
    assert.equal(tokenUrl.searchParams.get("scope"), "repository:team/app:pull");
    assert.equal(tokenRequest?.authorization, `Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`);
    assert.ok(retry?.authorization?.startsWith("Bearer tok-"));
  });

  it("reuses a cached token for the same registry and scope", async () => {
    const fake = await start({ auth: "bearer" });
    fake.put("app", "v1");
    const client = new RegistryClient();
    const location = { registry: fake.registry, repository: "app", reference: "v1" };
    await client.headManifest(location, basic(fake));
    await client.headManifest(location, basic(fake));
    assert.equal(fake.requests.filter((r) => r.url.startsWith("/token")).length, 1);
    assert.equal(fake.requests.length, 4);
  });

  it("exchanges an identity token with a refresh_token POST", async () => {
    const fake = await start({ auth: "bearer", identityToken: "refresh-me" });
    const auth = { identityToken: "refresh-me", serverAddress: fake.registry };
    assert.equal(
      await new RegistryClient().headManifest({ registry: fake.registry, repository: "none", reference: "v1" }, auth),
      undefined,
    );
    const post = fake.requests.find((r) => r.method === "POST");
    const form = new URLSearchParams(post?.body);
    assert.equal(form.get("grant_type"), "refresh_token");
    assert.equal(form.get("refresh_token"), "refresh-me");
    assert.equal(form.get("scope"), "repository:none:pull");
  });

  it("gets anonymous tokens when it has no credentials and the registry allows them", async () => {
    const fake = await start({ auth: "bearer", anonymousTokens: true });
    const digest = fake.put("app", "v1");
    const info = await new RegistryClient().headManifest({
      registry: fake.registry,
      repository: "app",
      reference: "v1",
    });
    assert.equal(info?.digest, digest);
  });

  it("asks for credentials when the token service refuses anonymous clients", async () => {
    const fake = await start({ auth: "bearer" });
    await assert.rejects(
      new RegistryClient().headManifest({ registry: fake.registry, repository: "app", reference: "v1" }),
      (error: unknown) => error instanceof RegistryAuthError && /no credentials were found/.test(error.message),
    );
  });

  it("rejects a wrong password at the token service without leaking it", async () => {
    const fake = await start({ auth: "bearer" });
    await assert.rejects(
      new RegistryClient().headManifest(
        { registry: fake.registry, repository: "app", reference: "v1" },
        basic(fake, "bad-secret-9"),
      ),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes("authentication") &&
        leaksNothing(error, "bad-secret-9"),
    );
  });

  it("rejects a registry token the registry refuses without leaking the token", async () => {
    const fake = await start({ auth: "bearer" });
    const auth = { registryToken: "static-token-xyz", serverAddress: fake.registry };
    await assert.rejects(
      new RegistryClient().headManifest({ registry: fake.registry, repository: "app", reference: "v1" }, auth),
      (error: unknown) =>
        error instanceof RegistryAuthError &&
        error.message.includes("authentication") &&
        leaksNothing(error, "static-token-xyz"),
    );
  });
});
