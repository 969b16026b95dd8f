import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import {
  dynamicResources,
  holdsSecret,
  readCheckpoint,
  type SavedCheckpoint,
  type SavedDeployment,
} from "./delete-resources";
import { ROOT, testEnvironment } from "./environment";
import { startPulumi } from "./pulumi-process";

/** The outcome of one `pulumi` command. */
export interface CommandResult {
  /** Exit code. */
  readonly code: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

/** Options of a PulumiStack. */
export interface PulumiStackOptions {
  /** The Pulumi project folder (holding Pulumi.yaml). */
  readonly dir: string;
  /** Stack name. @default "test" */
  readonly stack?: string;
  /** Folder for the file backend and PULUMI_HOME. @default `<dir>/.pulumi-test` */
  readonly stateDir?: string;
  /** Extra environment for every command. */
  readonly env?: NodeJS.ProcessEnv;
  /** Folders put first on PATH for every command (e.g. a fake credential helper). */
  readonly pathPrefix?: readonly string[];
}

/** A stack of a Pulumi project driven through the real `pulumi` CLI on a local file backend. */
export class PulumiStack {
  /** The stack's project folder. */
  readonly dir: string;
  /** The stack name. */
  readonly stack: string;
  /** Where the file backend keeps its state. */
  readonly stateDir: string;
  /** The passphrase that encrypts the stack's secrets. */
  readonly passphrase = "pulumi-docker-dynamic-tests";
  private readonly extraEnv: NodeJS.ProcessEnv;
  private readonly pathPrefix: readonly string[];

  constructor(options: PulumiStackOptions) {
    this.dir = options.dir;
    this.stack = options.stack ?? "test";
    this.stateDir = options.stateDir ?? path.join(options.dir, ".pulumi-test");
    this.extraEnv = options.env ?? {};
    this.pathPrefix = options.pathPrefix ?? [];
  }

  /** The environment every command runs with. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env = testEnvironment();
    return {
      ...process.env,
      PATH: [...this.pathPrefix, env.pulumiBin, path.join(ROOT, "node_modules", ".bin"), process.env.PATH].join(
        path.delimiter,
      ),
      PULUMI_HOME: path.join(this.stateDir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.stateDir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: this.passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...this.extraEnv,
      ...extra,
    };
  }

  /** Runs `pulumi <args>` in the project folder. */
  run(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    return startPulumi(this, args, { env: extraEnv }).result;
  }

  /** Runs a command that must succeed; throws with its output otherwise. */
  async ok(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    const result = await this.run(args, extraEnv);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  /**
   * Creates the backend folder and creates (or selects) the stack: `stack init` first in a backend folder that holds no
   * stacks yet, the case of almost every test (a `stack select` bound to fail is a pulumi command spent for nothing).
   */
  async init(): Promise<void> {
    const backend = path.join(this.stateDir, "backend");
    mkdirSync(backend, { recursive: true });
    const fresh = !existsSync(path.join(backend, ".pulumi", "stacks"));
    if (fresh && (await this.run(["stack", "init", this.stack])).code === 0) return;
    const selected = await this.run(["stack", "select", this.stack]);
    if (selected.code !== 0) await this.ok(["stack", "init", this.stack]);
  }

  /** `pulumi up --yes`. */
  up(extra: readonly string[] = []): Promise<CommandResult> {
    return this.ok(["up", "--yes", "--skip-preview", "--stack", this.stack, ...extra]);
  }

  /** `pulumi preview --diff`. */
  preview(extra: readonly string[] = []): Promise<CommandResult> {
    return this.ok(["preview", "--diff", "--stack", this.stack, ...extra]);
  }

  /** `pulumi destroy --yes`. */
  destroy(): Promise<CommandResult> {
    return this.ok(["destroy", "--yes", "--skip-preview", "--stack", this.stack]);
  }

  /** `pulumi destroy --yes --target <urn>`: destroys that one resource. */
  destroyTarget(urn: string): Promise<CommandResult> {
    return this.ok(["destroy", "--yes", "--skip-preview", "--target", urn, "--stack", this.stack]);
  }

  /** `pulumi refresh --yes`. */
  refresh(extra: readonly string[] = []): Promise<CommandResult> {
    return this.ok(["refresh", "--yes", "--skip-preview", "--stack", this.stack, ...extra]);
  }

  /**
   * The stack outputs (secrets shown), as `pulumi stack output --json --show-secrets` prints them: read from the saved
   * state (the stack resource's outputs) when they hold no secret, else from the CLI, which alone can decrypt them.
   */
  async outputs(): Promise<Record<string, unknown>> {
    const saved = this.savedDeployment()?.resources?.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs;
    if (saved !== undefined && !holdsSecret(saved)) return saved;
    const result = await this.ok(["stack", "output", "--json", "--show-secrets", "--stack", this.stack]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export` (secrets stay encrypted): the state as a user sees it. */
  async exportState(): Promise<string> {
    return (await this.ok(["stack", "export", "--stack", this.stack])).stdout;
  }

  /**
   * The state as the file backend saved it, in the shape of `pulumi stack export` (`{ version, deployment }`; secrets
   * stay encrypted), read from the checkpoint file instead of a CLI run; the CLI's export when there is no file yet.
   */
  async savedState(): Promise<string> {
    const saved = this.savedCheckpoint();
    if (saved === undefined) return this.exportState();
    return JSON.stringify({ version: saved.version, deployment: saved.checkpoint?.latest ?? {} }, null, 4);
  }

  /** The latest deployment in the checkpoint file, or undefined without one. */
  private savedDeployment(): SavedDeployment | undefined {
    return this.savedCheckpoint()?.checkpoint?.latest;
  }

  /** The checkpoint file's content, or undefined before the stack's first update. */
  private savedCheckpoint(): SavedCheckpoint | undefined {
    const file = this.checkpointFile();
    return file === undefined ? undefined : readCheckpoint(file);
  }

  /** The state outputs of one resource (as refresh leaves them; stack outputs change only on up). */
  async resourceOutputs(urnSuffix: string): Promise<Record<string, unknown>> {
    return (await this.resourceState(urnSuffix)).outputs;
  }

  /** The inputs and outputs the state holds for one resource (secrets stay encrypted). */
  async resourceState(urnSuffix: string): Promise<ResourceState> {
    const state = JSON.parse(await this.savedState()) as {
      deployment: {
        resources?: { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
      };
    };
    const resource = (state.deployment.resources ?? []).find((r) => r.urn.endsWith(urnSuffix));
    if (!resource) throw new Error(`no resource ending in ${urnSuffix} in the stack`);
    return { urn: resource.urn, inputs: resource.inputs ?? {}, outputs: resource.outputs ?? {} };
  }

  /** The pending operations in the stack's state (empty when every operation finished). */
  async pendingOperations(): Promise<unknown[]> {
    const state = JSON.parse(await this.savedState()) as { deployment?: { pending_operations?: unknown[] } };
    return state.deployment?.pending_operations ?? [];
  }

  /**
   * Sets a config value, optionally as a secret; a value may start with `-` (after `--`, it is no flag). A plain value
   * is written into `Pulumi.<stack>.yaml` as `pulumi config set` writes it (a string under `<project>:<key>`), which
   * spares a CLI run; a secret goes through `pulumi config set --secret`, which alone can encrypt it.
   */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    const file = this.configFile();
    if (secret || file === undefined) {
      await this.ok(["config", "set", "--stack", this.stack, ...(secret ? ["--secret"] : []), "--", key, value]);
      return;
    }
    const settings = existsSync(file.path) ? ((yaml.load(readFileSync(file.path, "utf8")) ?? {}) as StackSettings) : {};
    const name = key.includes(":") ? key : `${file.project}:${key}`;
    writeFileSync(file.path, yaml.dump({ ...settings, config: { ...settings.config, [name]: value } }));
  }

  /**
   * The stack's config file and its project's name, from `Pulumi.yaml` in the project folder; undefined when the
   * project keeps its stack files elsewhere (`stackConfigDir`) or names itself in a way this does not read.
   */
  private configFile(): { path: string; project: string } | undefined {
    const projectFile = path.join(this.dir, "Pulumi.yaml");
    if (!existsSync(projectFile)) return undefined;
    const project = yaml.load(readFileSync(projectFile, "utf8")) as { name?: unknown; stackConfigDir?: unknown };
    if (typeof project.name !== "string" || project.stackConfigDir !== undefined) return undefined;
    return { path: path.join(this.dir, `Pulumi.${this.stack}.yaml`), project: project.name };
  }

  /** The file backend's checkpoint of the stack, or undefined before its first update. */
  checkpointFile(): string | undefined {
    const stacks = path.join(this.stateDir, "backend", ".pulumi", "stacks");
    if (!existsSync(stacks)) return undefined;
    for (const project of readdirSync(stacks)) {
      const file = path.join(stacks, project, `${this.stack}.json`);
      if (existsSync(file)) return file;
    }
    return undefined;
  }

  /**
   * The end of a test: deletes what the stack still holds, ignoring failures (a test that means to prove its destroy
   * calls {@link destroy}). Through the resources' own delete handlers (test/support/delete-resources.ts), which is
   * what `pulumi destroy` runs for them, at about a fifth of its CPU; a stack holding secrets (which only the CLI can read)
   * is destroyed by `pulumi destroy`. Nothing runs for a stack that holds no resource.
   */
  async cleanUp(): Promise<void> {
    const file = this.checkpointFile();
    const resources = dynamicResources(this.savedDeployment()?.resources ?? []);
    if (file === undefined || resources.length === 0) return;
    if (resources.some((r) => holdsSecret(r.outputs))) {
      await this.run(["destroy", "--yes", "--skip-preview", "--stack", this.stack]).catch(() => undefined);
      return;
    }
    const script = path.join(__dirname, "delete-resources.js");
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [script, file], {
        cwd: this.dir,
        env: this.env(),
        stdio: ["ignore", "ignore", "inherit"],
      });
      child.on("error", () => resolve());
      child.on("close", () => resolve());
    });
  }

  /** Removes the stack and its history (after destroy). */
  async remove(): Promise<void> {
    await this.run(["stack", "rm", "--yes", "--force", "--stack", this.stack]);
  }
}

/** What a `Pulumi.<stack>.yaml` holds, as far as {@link PulumiStack.setConfig} touches it. */
interface StackSettings {
  readonly config?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** One resource of `pulumi stack export`: what the program gave it and what its provider returned. */
export interface ResourceState {
  /** Its URN. */
  readonly urn: string;
  /** The inputs of its last update. */
  readonly inputs: Record<string, unknown>;
  /** The outputs of its last update or refresh. */
  readonly outputs: Record<string, unknown>;
}

/** The keys among `keys` that a resource's state still holds as an input or an output (none, after they were removed). */
export function keysInState(state: ResourceState, keys: readonly string[]): string[] {
  return keys.filter((key) => key in state.inputs || key in state.outputs);
}

/** The resources `pulumi preview --json` plans to change, as `"op type name"` (the stack and same/read steps left out). */
export function plannedChanges(previewJson: string): string[] {
  const plan = JSON.parse(previewJson) as { steps?: { op: string; urn: string }[] };
  return (plan.steps ?? [])
    .filter((s) => s.op !== "same" && s.op !== "read" && !s.urn.includes("::pulumi:pulumi:Stack::"))
    .map((s) => {
      const parts = s.urn.split("::");
      return `${s.op} ${parts[2] ?? ""} ${parts[3] ?? ""}`;
    });
}
