// Pulumi programs of the benchmark, driven through the real pulumi CLI on a local file backend.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, setupFacts, timed } from "./lib.mjs";

/** A Pulumi program under `<root>/.tools/bench/` (where `pulumi-docker-dynamic` resolves) with one stack. */
export class BenchStack {
  constructor(name, indexJs, files = {}) {
    this.dir = path.join(ROOT, ".tools", "bench", `${name}-${process.pid}`);
    mkdirSync(path.join(this.dir, ".state", "backend"), { recursive: true });
    writeFileSync(path.join(this.dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
    writeFileSync(path.join(this.dir, "index.js"), indexJs);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.dir, rel)), { recursive: true });
      writeFileSync(path.join(this.dir, rel), text);
    }
    const facts = setupFacts();
    this.env = {
      ...process.env,
      PATH: [facts.pulumiBin, path.join(ROOT, "node_modules", ".bin"), process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(this.dir, ".state", "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.dir, ".state", "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "pulumi-docker-dynamic-bench",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    this.pulumi(["stack", "init", "bench"]);
  }

  /** Runs `pulumi <args>` to completion; returns its wall time (ms) and output. */
  pulumi(args, env = {}) {
    return timed("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: { ...this.env, ...env } });
  }

  /** `pulumi up --yes --skip-preview` with `extra` flags. */
  up(extra = []) {
    return this.pulumi(["up", "--yes", "--skip-preview", "--stack", "bench", ...extra]);
  }

  /** `pulumi preview`. */
  preview() {
    return this.pulumi(["preview", "--stack", "bench"]);
  }

  /** `pulumi destroy --yes --skip-preview`. */
  destroy() {
    return this.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "bench"]);
  }

  /** Destroys the stack and removes the program folder. */
  dispose() {
    try {
      this.destroy();
    } catch (error) {
      console.error(`bench: destroy of ${this.dir} failed: ${error.message.split("\n")[0]}`);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A program with no resources: the engine's floor for a preview. */
export const EMPTY_PROGRAM = 'require("@pulumi/pulumi");\n';

/** One DockerBuild over the context folder `context`. */
export function oneBuildProgram(context, imageName) {
  return [
    'const { DockerBuild } = require("pulumi-docker-dynamic");',
    `new DockerBuild("ctx", { imageName: ${JSON.stringify(imageName)}, tag: "bench", context: ${JSON.stringify(context)} });`,
    "",
  ].join("\n");
}

/** `count` trivial dynamic resources whose provider does nothing: the engine's floor for that many resources. */
export function trivialProgram(count) {
  return [
    'const pulumi = require("@pulumi/pulumi");',
    "const provider = {",
    "  async create(inputs) { return { id: inputs.n, outs: inputs }; },",
    "  async diff() { return { changes: false }; },",
    "};",
    `for (let i = 0; i < ${count}; i++) new pulumi.dynamic.Resource(provider, "r" + i, { n: String(i) });`,
    "",
  ].join("\n");
}

/** `count` pairs of trivial dynamic resources, the second taking an output of the first: the pairs' dependency shape. */
export function trivialPairsProgram(count) {
  return [
    'const pulumi = require("@pulumi/pulumi");',
    "const provider = {",
    "  async create(inputs) { return { id: inputs.n, outs: inputs }; },",
    "  async diff() { return { changes: false }; },",
    "};",
    `for (let i = 0; i < ${count}; i++) {`,
    '  const first = new pulumi.dynamic.Resource(provider, "b" + i, { n: String(i), out: undefined });',
    '  new pulumi.dynamic.Resource(provider, "p" + i, { n: first.n });',
    "}",
    "",
  ].join("\n");
}

/** The 20-pair program of the parallel-updates suite, with its `app<i>/` contexts. */
export function pairsProgram(count, busybox) {
  const files = {};
  for (let i = 0; i < count; i++) {
    files[`app${i}/Dockerfile`] = `FROM ${busybox}\nCOPY f.txt /f.txt\n`;
    files[`app${i}/f.txt`] = `bench pair ${i}\n`;
  }
  return { indexJs: readFileSync(path.join(ROOT, "test", "programs", "parallel-updates", "index.js"), "utf8"), files };
}
