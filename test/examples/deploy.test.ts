import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { docker } from "../support/docker-cli";
import { testEnvironment } from "../support/environment";
import { assertPublished, assertTagsRemoved } from "./checks";
import { ExampleProject, type ExampleOutputs } from "./example-project";

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** The body served at a 127.0.0.1 URL once it contains `expected` (retrying for up to 10 s while the server starts). */
async function pageContaining(url: string, expected: string): Promise<string> {
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  let last = "";
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    last = await fetch(url).then(
      (response) => response.text(),
      (error: Error) => `(${error.message})`,
    );
    if (last.includes(expected)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`${url} did not serve "${expected}"; last answer: ${last}`);
}

/** Whether a container with this ID or name exists. */
function containerExists(idOrName: string): boolean {
  return spawnSync("docker", ["container", "inspect", idOrName]).status === 0;
}

describe("examples/deploy", () => {
  const example = new ExampleProject("deploy");
  const containerName = `pdd-e2e-deploy-${example.suffix}`;
  let port: number;
  let first: ExampleOutputs;
  let second: ExampleOutputs;

  before(async () => {
    port = await freePort();
    await example.setUp({
      registry: testEnvironment().registry,
      imagePrefix: example.imagePrefix,
      port: String(port),
      containerName,
    });
  });
  after(async () => {
    await example.dispose();
    spawnSync("docker", ["rm", "--force", containerName]);
  });

  it("previews creating the build, the push and the container", async () => {
    assert.deepEqual(await example.plannedChanges(), [
      "create Container web",
      "create DockerBuild web",
      "create DockerPush web",
    ]);
  });

  it("runs the pushed digest on 127.0.0.1 and serves the page from app/", async () => {
    first = await example.up();
    await assertPublished(first);
    assert.equal(first.url, `http://127.0.0.1:${port}/`);
    const inspect = (format: string) => docker("container", "inspect", "--format", format, String(first.containerId));
    assert.equal(inspect("{{.Config.Image}}"), first.repoDigest);
    assert.equal(inspect("{{.State.Running}}"), "true");
    assert.equal(inspect('{{(index (index .HostConfig.PortBindings "80/tcp") 0).HostIp}}'), "127.0.0.1");
    await pageContaining(String(first.url), "Deployed by pulumi-docker-dynamic");
  });

  it("previews no changes when nothing changed", () => example.expectNoChanges());

  it("replaces the container when a file in app/ changes, and serves the new page", async () => {
    const marker = `changed ${example.suffix}`;
    example.editApp("www/index.html", `<p>${marker}</p>`);
    assert.deepEqual(await example.plannedChanges(), [
      "replace Container web",
      "update DockerBuild web",
      "update DockerPush web",
    ]);
    second = await example.up();
    await assertPublished(second);
    assert.notEqual(second.repoDigest, first.repoDigest);
    assert.notEqual(second.containerId, first.containerId);
    assert.equal(containerExists(String(first.containerId)), false, "the old container is still there");
    await pageContaining(String(second.url), marker);
  });

  it("refreshes without changes", () => example.refreshExpectingNoChanges());

  it("removes the container and the local tag on destroy", async () => {
    await example.destroy();
    assert.equal(containerExists(String(second.containerId)), false, "the container is still there");
    assertTagsRemoved(second);
  });
});
