import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { removeImages } from "./docker-cli";
import { ROOT, uniqueSuffix } from "./environment";
import { PulumiStack, plannedChanges, type CommandResult } from "./pulumi-cli";
import { deleteManifest, type BasicAuth } from "./registry-http";

/** The stack outputs every example exports (deploy adds `url` and `containerId`). */
export interface ExampleOutputs {
  readonly imageName: string;
  readonly tag: string;
  readonly image: string;
  readonly imageId: string;
  readonly additionalTags: string[];
  readonly digest: string;
  readonly repoDigest: string;
  readonly [key: string]: unknown;
}

/** Folders and files of an example that are local state, not part of it. */
const NOT_COPIED = new Set(["node_modules", "bin", ".pulumi-test", ".pulumi-state"]);

// Type-checking the program costs ~2 s per pulumi command: the first preview checks it, later commands only transpile.
const TRANSPILE_ONLY = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
const TYPE_CHECK = { PULUMI_NODEJS_TRANSPILE_ONLY: "false" };

/**
 * A copy of `examples/<name>` under `<root>/.tools/e2e/<name>-<suffix>/` (where `pulumi-docker-dynamic` resolves to
 * this checkout) with its own file backend, driven through the real pulumi CLI. It records everything the CLI
 * printed and every image reference and digest it saw, so `dispose` can remove them all.
 */
export class ExampleProject {
  /** A suffix unique to this run, for image names, container names and the folder. */
  readonly suffix = uniqueSuffix();
  /** The copied project folder. */
  readonly dir: string;
  /** The stack (`test`) on a file backend inside the folder. */
  readonly stack: PulumiStack;
  /** An `imagePrefix` config value that keeps this run's repositories apart from any other. */
  readonly imagePrefix: string;
  /** stdout and stderr of every pulumi command run through this object. */
  transcript = "";
  private readonly seen = new Map<string, Set<string>>();
  private registryAuth: BasicAuth | undefined;
  private typeChecked = false;

  constructor(readonly name: string) {
    this.dir = path.join(ROOT, ".tools", "e2e", `${name}-${this.suffix}`);
    this.imagePrefix = `e2e/${name}-${this.suffix}`;
    this.stack = new PulumiStack({ dir: this.dir, env: TRANSPILE_ONLY });
  }

  /** Copies the example, creates the stack and sets the plain config values. */
  async setUp(config: Record<string, string>, registryAuth?: BasicAuth): Promise<void> {
    this.registryAuth = registryAuth;
    const source = path.join(ROOT, "examples", this.name);
    mkdirSync(path.dirname(this.dir), { recursive: true });
    cpSync(source, this.dir, {
      recursive: true,
      filter: (file) => {
        const base = path.basename(file);
        return !NOT_COPIED.has(base) && !/^Pulumi\..+\.yaml$/.test(base);
      },
    });
    await this.stack.init();
    const pairs = Object.entries(config).flatMap(([key, value]) => ["--plaintext", `${key}=${value}`]);
    await this.ok(["config", "set-all", ...pairs, "--stack", this.stack.stack]);
  }

  /** Runs a pulumi command that must succeed, recording its output. */
  async ok(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    const result = await this.stack.run(args, env);
    this.transcript += `$ pulumi ${args.join(" ")}\n${result.stdout}\n${result.stderr}\n`;
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  /** `pulumi preview --json` as `"op Type name"` lines, sorted (the stack left out); the first one type-checks. */
  async plannedChanges(): Promise<string[]> {
    const preview = await this.ok(
      ["preview", "--json", "--stack", this.stack.stack],
      this.typeChecked ? {} : TYPE_CHECK,
    );
    this.typeChecked = true;
    return plannedChanges(preview.stdout)
      .map((line) => line.split(" "))
      .filter(([, type]) => type !== "pulumi:pulumi:Stack")
      .map(([op, type, name]) => `${op} ${type?.split(":").pop()} ${name}`)
      .sort();
  }

  /** `pulumi preview --expect-no-changes`. */
  async expectNoChanges(): Promise<void> {
    await this.ok(["preview", "--diff", "--expect-no-changes", "--stack", this.stack.stack]);
  }

  /** `pulumi up`, then the stack outputs. */
  async up(): Promise<ExampleOutputs> {
    await this.ok(["up", "--yes", "--skip-preview", "--stack", this.stack.stack]);
    const outputs = (await this.stack.outputs()) as unknown as ExampleOutputs;
    this.transcript += `outputs: ${JSON.stringify(outputs)}\n`;
    this.remember(outputs);
    return outputs;
  }

  /** `pulumi refresh --expect-no-changes`: the state matches the engine and the registry. */
  async refreshExpectingNoChanges(): Promise<void> {
    await this.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes", "--stack", this.stack.stack]);
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<void> {
    await this.ok(["destroy", "--yes", "--skip-preview", "--stack", this.stack.stack]);
  }

  /** Appends a line to a file under the copy's `app/` folder. */
  editApp(file: string, line: string): void {
    appendFileSync(path.join(this.dir, "app", file), `${line}\n`);
  }

  /** Deletes what the stack holds (ignoring failures), removes every image reference and manifest it saw, and the folder. */
  async dispose(): Promise<void> {
    await this.stack.cleanUp();
    for (const [imageName, refs] of this.seen) {
      const digests = [...refs].filter((ref) => ref.startsWith("sha256:"));
      removeImages(
        ...[...refs].map((ref) => (ref.startsWith("sha256:") ? `${imageName}@${ref}` : `${imageName}:${ref}`)),
      );
      for (const digest of digests) await deleteManifest(imageName, digest, this.registryAuth);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private remember(outputs: ExampleOutputs): void {
    const refs = this.seen.get(outputs.imageName) ?? new Set<string>();
    for (const tag of tagsOf(outputs)) refs.add(tag);
    refs.add(outputs.digest);
    this.seen.set(outputs.imageName, refs);
  }
}

/** `tag` followed by `additionalTags`. */
export function tagsOf(outputs: ExampleOutputs): string[] {
  return [outputs.tag, ...(outputs.additionalTags ?? [])];
}

/** Runs a command in a container with no network and returns its trimmed stdout. */
export function runOffline(image: string, ...command: string[]): string {
  const result = spawnSync("docker", ["run", "--rm", "--network", "none", image, ...command], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`docker run ${image} ${command.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}
