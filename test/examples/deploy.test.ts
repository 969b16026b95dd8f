import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { docker } from "../support/docker-cli";
import { freeLoopbackPort } from "../support/free-port";
import { exampleLifecycle } from "../support/example-lifecycle";

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

const containerName = (suffix: string) => `pdd-e2e-deploy-${suffix}`;
let port = 0;

exampleLifecycle({
  name: "deploy",
  config: async (example) => {
    port = await freeLoopbackPort();
    return { port: String(port), containerName: containerName(example.suffix) };
  },
  cleanUp: (example) => {
    spawnSync("docker", ["rm", "--force", containerName(example.suffix)]);
  },
  resources: ["Container web", "DockerBuild web", "DockerPush web"],
  createTitle: "previews creating the build, the push and the container",
  first: {
    title: "runs the pushed digest on 127.0.0.1 and serves the page from app/",
    check: async (first) => {
      assert.equal(first.url, `http://127.0.0.1:${port}/`);
      const inspect = (format: string) => docker("container", "inspect", "--format", format, String(first.containerId));
      assert.equal(inspect("{{.Config.Image}}"), first.repoDigest);
      assert.equal(inspect("{{.State.Running}}"), "true");
      assert.equal(inspect('{{(index (index .HostConfig.PortBindings "80/tcp") 0).HostIp}}'), "127.0.0.1");
      await pageContaining(String(first.url), "Deployed by pulumi-docker-dynamic");
    },
  },
  edit: {
    title: "replaces the container when a file in app/ changes, and serves the new page",
    file: "www/index.html",
    line: (example) => `<p>changed ${example.suffix}</p>`,
    plan: ["replace Container web", "update DockerBuild web", "update DockerPush web"],
    check: async (second, first, example) => {
      assert.notEqual(second.repoDigest, first.repoDigest);
      assert.notEqual(second.containerId, first.containerId);
      assert.equal(containerExists(String(first.containerId)), false, "the old container is still there");
      await pageContaining(String(second.url), `changed ${example.suffix}`);
    },
  },
  destroy: {
    title: "removes the container and the local tag on destroy",
    check: (second) => {
      assert.equal(containerExists(String(second.containerId)), false, "the container is still there");
    },
  },
});
