import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { uniqueSuffix } from "../support/environment";
import { createProgram, type TestProgram } from "../support/program";
import { appFiles, PUSH_PROGRAM } from "../support/push-program";
import { fetchToken, headManifest } from "../support/token-registry/plain-http";
import { startTokenRegistry, type TokenRegistry } from "../support/token-registry/token-registry";

function blobUploads(target: TokenRegistry, repository: string): number {
  return target
    .log()
    .split("\n")
    .filter((line) => line.includes(`"POST /v2/${repository}/blobs/uploads/`)).length;
}

describe("DockerPush to a registry with token authentication, through the pulumi CLI", () => {
  let target: TokenRegistry;
  let program: TestProgram;
  let repository: string;
  let imageName: string;
  const digest = async (): Promise<string> => String((await program.stack.outputs()).digest);

  before(async () => {
    target = await startTokenRegistry();
    repository = `tests/token-${uniqueSuffix()}`;
    imageName = `${target.registry}/${repository}`;
    program = await createProgram("e2e-token", PUSH_PROGRAM, appFiles("<p>token</p>\n"));
    await program.stack.setConfig("imageName", imageName);
    await program.stack.setConfig("registryUser", target.credentials.username);
    await program.stack.setConfig("registryPassword", target.credentials.password, true);
    await program.stack.setConfig("keepRemotely", "false");
  });
  after(async () => {
    await program?.dispose();
    removeImages(`${imageName}:dev`);
    await target?.stop();
  });

  it("pushes with the credentials input, and the registry serves the pushed digest to a token fetched by hand", async () => {
    await program.stack.up();
    const pushed = await digest();
    assert.match(pushed, /^sha256:[a-f0-9]{64}$/);
    assert.deepEqual(await headManifest(target, repository, "dev"), { status: 200, digest: pushed });
    const pushTokens = target.tokens.requests.filter((r) =>
      r.granted.some((g) => g.name === repository && g.actions.includes("push")),
    );
    assert.ok(pushTokens.length > 0, `the engine never got a push token: ${JSON.stringify(target.tokens.requests)}`);
    assert.ok(
      target.tokens.requests.every((r) => r.status === 200 && r.user === target.credentials.username),
      `a token request was anonymous or refused: ${JSON.stringify(target.tokens.requests.filter((r) => r.status !== 200 || r.user !== target.credentials.username))}`,
    );
  });

  it("skips the upload on a second push of the same image, asking the token service for a pull-scoped token", async () => {
    const uploads = blobUploads(target, repository);
    const seen = target.tokens.requests.length;
    await program.stack.setConfig("pushTwice", "true");
    const up = await program.stack.up();
    assert.match(up.stdout, /already in localhost:\d+ at sha256:[a-f0-9]{64}; upload skipped/);
    assert.equal(blobUploads(target, repository), uploads, "the registry saw a blob upload");
    const asked = target.tokens.requests.slice(seen);
    assert.ok(
      asked.some((r) => r.scopes.includes(`repository:${repository}:pull`) && r.granted.length === 1),
      `no pull-scoped token was granted for the skip check: ${JSON.stringify(asked)}`,
    );
    await program.stack.setConfig("pushTwice", "false");
    await program.stack.up();
  });

  it("refreshes through the token flow and finds every tag in place", async () => {
    const seen = target.tokens.requests.length;
    await program.stack.refresh();
    const refreshed = await program.stack.resourceOutputs("DockerPush::app");
    assert.deepEqual(refreshed.missingTags, []);
    assert.equal(refreshed.digest, await digest());
    assert.ok(target.tokens.requests.length > seen, "refresh never asked the token service");
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("destroy with keepRemotely: false deletes the manifest with a delete-scoped token", async () => {
    const pushed = await digest();
    await program.stack.destroy();
    assert.equal((await headManifest(target, repository, pushed)).status, 404);
    assert.equal((await headManifest(target, repository, "dev")).status, 404);
    assert.ok(
      target.tokens.requests.some((r) => r.granted.some((g) => g.actions.includes("delete"))),
      "no token granted delete",
    );
  });

  it("fails a wrong password with an authentication error naming the registry, with nothing pushed or pending", async () => {
    const wrong = await createProgram("e2e-token-wrong", PUSH_PROGRAM, appFiles("<p>wrong</p>\n"));
    const wrongRepository = `tests/token-wrong-${uniqueSuffix()}`;
    try {
      await wrong.stack.setConfig("imageName", `${target.registry}/${wrongRepository}`);
      await wrong.stack.setConfig("registryUser", target.credentials.username);
      await wrong.stack.setConfig("registryPassword", `${target.credentials.password}-wrong`, true);
      const result = await wrong.stack.run(["up", "--yes", "--skip-preview"]);
      assert.notEqual(result.code, 0);
      const text = result.stdout + result.stderr;
      assert.match(text, new RegExp(`Registry "${target.registry}" rejected [^\\n]*authentication failed`));
      assert.ok(!text.includes(target.credentials.password), "the password is in the output");
      const exported = await wrong.stack.exportState();
      assert.doesNotMatch(exported, /DockerPush/);
      assert.deepEqual(await wrong.stack.pendingOperations(), []);
      assert.equal(blobUploads(target, wrongRepository), 0);
      const token = await fetchToken(target, `repository:${wrongRepository}:pull`);
      const tags = await fetch(`http://${target.registry}/v2/${wrongRepository}/tags/list`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(tags.status, 404, "the repository exists");
    } finally {
      await wrong.dispose();
      removeImages(`${target.registry}/${wrongRepository}:dev`);
    }
  });
});
