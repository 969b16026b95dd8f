// test-runner: once — proves the npm package (files, install, declarations, a consumer's up), which no engine changes
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { checkoutCopy } from "../../support/checkout-copy";
import { localImageIdOf } from "../../support/docker-cli";
import { ROOT, testEnvironment, uniqueSuffix } from "../../support/environment";
import { removeTree, writeTree } from "../../support/fixtures";
import { PulumiStack } from "../../support/pulumi-cli";
import { readmeProjectFiles, replaceOnce } from "../../support/readme-project";
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

/** The image name and tag the README's project builds and pushes. */
const README_IMAGE = "localhost:5000/hello";
const README_TAG = "dev";

/**
 * The README's Getting-started project, changed only where the test environment must differ: the image name (the
 * test registry and a repository of its own), the base image (made offline by setup: tests pull nothing from Docker
 * Hub) and the `@pulumi/pulumi` (and Node.js) version of the consumer. One line is added, an export of the Node.js
 * version the program ran on. The project lies beside the tarball, as the README lays it out, so its `file:` path is
 * used as written. A README project that does not install, compile, run or push fails this test.
 */
function readmeProject(imageName: string, deps: Readonly<Record<string, string>>, tarballName: string) {
  const files = readmeProjectFiles();
  const expected = ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "app/Dockerfile", "app/index.html"];
  assert.deepEqual(Object.keys(files).sort(), [...expected].sort(), "the files README.md's Getting started shows");
  const pkg = JSON.parse(files["package.json"]!) as { dependencies: Record<string, string> };
  assert.equal(pkg.dependencies["pulumi-docker-dynamic"], `file:../${tarballName}`, "the tarball npm pack writes");
  assert.ok(pkg.dependencies["@pulumi/pulumi"], "README.md's package.json depends on @pulumi/pulumi");
  pkg.dependencies = { ...pkg.dependencies, ...deps };
  const from = /^FROM (\S+)/m.exec(files["app/Dockerfile"]!)?.[1];
  assert.ok(from, "README.md's Dockerfile has a FROM line");
  const index = replaceOnce(files["index.ts"]!, `"${README_IMAGE}"`, `"${imageName}"`, "index.ts");
  return {
    ...files,
    "package.json": JSON.stringify(pkg, null, 2),
    "index.ts": `${index}export const node = process.version;\n`,
    "app/Dockerfile": replaceOnce(
      files["app/Dockerfile"]!,
      `FROM ${from}`,
      `FROM ${env.busyboxImage}`,
      "app/Dockerfile",
    ),
  };
}

/** A TypeScript program using the three resources, their Args, outputs and exported types, as a consumer writes one. */
const TYPED_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { BuildError, DockerBuild, DockerIndex, DockerPush, type DockerConnection } from "pulumi-docker-dynamic";

const docker: DockerConnection = { host: "unix:///var/run/docker.sock" };
const build = new DockerBuild("app", {
  imageName: "registry.example/app",
  context: "app",
  builder: "buildkit",
  platforms: ["linux/amd64", "linux/arm64"],
  docker,
});
const push = new DockerPush("app", {
  imageName: build.imageName,
  tag: build.tag,
  platformImages: build.platformImages,
  docker,
});
const index = new DockerIndex("app", { imageName: build.imageName, tag: "all", sources: push.references });
export const imageId: pulumi.Output<string> = build.imageId;
export const builder: pulumi.Output<"buildkit" | "classic"> = build.resolvedBuilder;
export const platforms: pulumi.Output<string[]> = pulumi
  .all([push.platformDigests, index.platforms])
  .apply(([digests, listed]) => [...(digests ?? []).map((d) => d.platform), ...listed]);
export const digest: pulumi.Output<string> = index.digest;
export const failedImage = (error: unknown): string | undefined => (error instanceof BuildError ? error.image : undefined);
`;

/**
 * tsc --init's checks (TypeScript 5.9: strict, no ambient `@types`, unchecked index access, exact optional properties)
 * for a CommonJS program, with the library's declarations checked too (`skipLibCheck: false`).
 */
function consumerTsconfig(esModuleInterop: boolean): string {
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "commonjs",
      strict: true,
      esModuleInterop,
      skipLibCheck: false,
      types: [],
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
    },
    files: ["index.ts"],
  });
}

/** Runs this repository's own `tsc` on a project; resolves with its exit status and everything it printed. */
function tsc(project: string): Promise<{ status: number | null; output: string }> {
  const compiler = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiler, "-p", project, "--pretty", "false"], {
      cwd: path.dirname(project),
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

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

  interface Consumer {
    readonly label: string;
    readonly deps: Readonly<Record<string, string>>;
    readonly node: string;
  }
  const current: Consumer = {
    label: "Node 22 and the current @pulumi/pulumi",
    deps: { "@pulumi/pulumi": "3.276.0" },
    node: "v22.",
  };
  const floor: Consumer = {
    label: "Node 24 and the lowest supported @pulumi/pulumi (the peer dependency's floor)",
    deps: { "@pulumi/pulumi": "3.249.0", node: "^24" },
    node: "v24.",
  };

  /** A Pulumi program with the tarball installed and the image it builds, made once per consumer (tests share it). */
  const programs = new Map<Consumer, { dir: string; imageName: string }>();
  function installedProgram(consumer: Consumer): { dir: string; imageName: string } {
    const made = programs.get(consumer);
    if (made) return made;
    assert.ok(tarball, "the pack test ran first");
    const dir = path.join(work, `program-${consumer.node}`);
    const imageName = `${env.registry}/tests/tarball-${uniqueSuffix()}`;
    writeTree(dir, readmeProject(imageName, consumer.deps, path.basename(tarball)));
    npm(dir, "install", "--no-audit", "--no-fund");
    programs.set(consumer, { dir, imageName });
    return { dir, imageName };
  }

  for (const consumer of [current, floor]) {
    it(`installs into the Getting-started project of README.md on ${consumer.label} and goes through up and destroy`, async () => {
      const { dir, imageName } = installedProgram(consumer);
      const image = `${imageName}:${README_TAG}`;
      const stack = new PulumiStack({ dir, pathPrefix: [path.join(dir, "node_modules", ".bin")] });
      await stack.init();
      try {
        await stack.up();
        const out = (await stack.outputs()) as { imageId: string; repoDigest: string; node: string };
        assert.ok(out.node.startsWith(consumer.node), `the program ran on ${out.node}`);
        assert.equal(localImageIdOf(image), out.imageId);
        assert.equal(out.repoDigest, `${imageName}@${await manifestDigest(imageName, README_TAG)}`);
        const state = await stack.exportState();
        assert.match(state, /pulumi-docker-dynamic\/dist\/provider\/image-build\/docker-build-provider\.js/);
        assert.equal(state.includes(ROOT), false, "the serialized provider points into this checkout");
        await stack.preview(["--expect-no-changes"]);
        await stack.destroy();
        assert.equal(localImageIdOf(image), undefined);
      } finally {
        await stack.run(["destroy", "--yes", "--skip-preview"]);
      }
    });
  }

  it("has declarations that compile in a consumer's strict TypeScript project, with and without esModuleInterop", async () => {
    // In a folder of the installed program (its node_modules as npm made them; `types: []` leaves out the README
    // project's @types/node, so no declaration may need it unasked); both tsc at once.
    const dir = path.join(installedProgram(current).dir, "typecheck");
    writeTree(dir, {
      "index.ts": TYPED_PROGRAM,
      "tsconfig.interop.json": consumerTsconfig(true),
      "tsconfig.plain.json": consumerTsconfig(false),
    });
    const results = await Promise.all(
      [true, false].map(async (esModuleInterop) => ({
        esModuleInterop,
        ...(await tsc(path.join(dir, esModuleInterop ? "tsconfig.interop.json" : "tsconfig.plain.json"))),
      })),
    );
    const failures = results
      .filter((r) => r.status !== 0)
      .map((r) => `tsc --strict with esModuleInterop: ${r.esModuleInterop} exited ${r.status}:\n${r.output}`);
    assert.equal(failures.length, 0, failures.join("\n"));
  });
});
