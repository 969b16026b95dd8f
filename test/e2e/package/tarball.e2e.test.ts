import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { checkoutCopy } from "../../support/checkout-copy";
import { localImageIdOf } from "../../support/docker-cli";
import { ROOT, testEnvironment, uniqueSuffix } from "../../support/environment";
import { removeTree, writeTree } from "../../support/fixtures";
import { PulumiStack } from "../../support/pulumi-cli";
import { manifestDigest } from "../../support/registry-http";

const env = testEnvironment();
const work = mkdtempSync(path.join(os.tmpdir(), "pdd-tarball-"));
after(() => removeTree(work));

function npm(cwd: string, ...args: string[]): string {
  const result = spawnSync("npm", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  assert.equal(result.status, 0, `npm ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const build = new DockerBuild("app", { imageName: new pulumi.Config().require("imageName"), tag: "packed", context: "app" });
const push = new DockerPush("app", { imageName: build.imageName, tag: build.tag, imageId: build.imageId });
exports.imageId = build.imageId;
exports.digest = push.digest;
exports.node = process.version;
`;

describe("the npm package", () => {
  let tarball = "";

  it("packs compiled CommonJS and declarations only", () => {
    const [packed] = JSON.parse(
      npm(checkoutCopy(path.join(work, "source"), "link"), "pack", "--json", "--pack-destination", work),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    assert.ok(packed);
    tarball = path.join(work, packed.filename);
    const files = packed.files.map((f) => f.path);
    assert.ok(files.includes("dist/provider/index.js"));
    assert.ok(files.includes("dist/provider/index.d.ts"));
    const unexpected = files.filter(
      (f) => !/^dist\/provider\/.+\.(js|d\.ts)$/.test(f) && !["package.json", "README.md"].includes(f),
    );
    assert.deepEqual(unexpected, []);
  });

  const consumers = [
    { label: "Node 22 and the current @pulumi/pulumi", deps: { "@pulumi/pulumi": "3.276.0" }, node: "v22." },
    {
      label: "Node 24 and the lowest supported @pulumi/pulumi (the peer dependency's floor)",
      deps: { "@pulumi/pulumi": "3.249.0", node: "^24" },
      node: "v24.",
    },
  ];
  for (const consumer of consumers) {
    it(`installs into a separate Pulumi program on ${consumer.label} and goes through up and destroy`, async () => {
      assert.ok(tarball, "the pack test ran first");
      const dir = path.join(work, `program-${consumer.node}`);
      const imageName = `${env.registry}/tests/tarball-${uniqueSuffix()}`;
      writeTree(dir, {
        "package.json": JSON.stringify({
          name: "pdd-tarball-consumer",
          private: true,
          dependencies: { ...consumer.deps, "pulumi-docker-dynamic": `file:${tarball}` },
        }),
        "Pulumi.yaml": "name: pdd-tarball-consumer\nruntime: nodejs\nmain: index.js\n",
        "index.js": PROGRAM,
        "app/Dockerfile": `FROM ${env.busyboxImage}\nRUN echo packed > /packed\n`,
      });
      npm(dir, "install", "--no-audit", "--no-fund");
      const stack = new PulumiStack({ dir, pathPrefix: [path.join(dir, "node_modules", ".bin")] });
      await stack.init();
      try {
        await stack.setConfig("imageName", imageName);
        await stack.up();
        const out = (await stack.outputs()) as { imageId: string; digest: string; node: string };
        assert.ok(out.node.startsWith(consumer.node), `the program ran on ${out.node}`);
        assert.equal(localImageIdOf(`${imageName}:packed`), out.imageId);
        assert.equal(await manifestDigest(imageName, "packed"), out.digest);
        const state = await stack.exportState();
        assert.match(state, /pulumi-docker-dynamic\/dist\/provider\/image-build\/docker-build-provider\.js/);
        assert.equal(state.includes(ROOT), false, "the serialized provider points into this checkout");
        await stack.preview(["--expect-no-changes"]);
        await stack.destroy();
        assert.equal(localImageIdOf(`${imageName}:packed`), undefined);
      } finally {
        await stack.run(["destroy", "--yes", "--skip-preview"]);
      }
    });
  }
});
