import "./isolation";
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The Docker engine a test run uses: `PDD_ENGINE` names one of the engines setup provided (default `main`). */
export interface TestEngine {
  /** `main` (the engine setup found or started; Debian's dockerd 20.10 on a fresh machine) or `current` (dockerd 28.x). */
  readonly name: string;
  /** Its address, e.g. `unix:///var/run/docker.sock`: the value for `docker.host` and `DOCKER_HOST`. */
  readonly host: string;
  /** The path of its socket (the host without `unix://`). */
  readonly socket: string;
  /** The dockerd binary of this engine's version, for suites that start an engine of their own. */
  readonly daemon: string;
  /** Options that daemon needs besides the addresses (the current engine: the containerd image store). */
  readonly daemonArgs: readonly string[];
}

/** What `scripts/setup` provided, read from `$PDD_HOME/setup.json`. */
export interface TestEnvironment {
  /** The engine this run tests against (scripts/run-tests.mjs sets `PDD_ENGINE` and `DOCKER_HOST` for it). */
  readonly engine: TestEngine;
  /** Folder holding `pulumi` and `pulumi-language-nodejs`. */
  readonly pulumiBin: string;
  /** The open registry, e.g. `localhost:5000`. */
  readonly registry: string;
  /** The htpasswd registry, e.g. `localhost:5001`. */
  readonly authRegistry: string;
  /** Credentials of the htpasswd registry. */
  readonly authCredentials: { readonly username: string; readonly password: string };
  /** A busybox base image available offline. */
  readonly busyboxImage: string;
  /** A Node.js 22 base image available offline. */
  readonly nodeImage: string;
  /** A Python 3 base image with pip available offline. */
  readonly pythonImage: string;
  /** Folder of static busybox binaries by architecture: `<folder>/amd64/busybox`, `<folder>/arm64/busybox`. */
  readonly busyboxBinaries: string;
  /** Whether the engine host runs linux/arm64 binaries (binfmt_misc + qemu), so arm64 RUN steps build. */
  readonly emulation: boolean;
  /** Why there is no emulation, as setup found it (undefined when there is). */
  readonly emulationProblem?: string;
  /** The oracle binary setup built from `tools/oracle` (Docker's own Go code, for parity tests); undefined without it. */
  readonly oracle?: string;
  /** The folder where setup keeps logs, registries and state. */
  readonly home: string;
}

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

let cached: TestEnvironment | undefined;

/** Reads the environment `scripts/setup` wrote; throws with the fix when setup has not run. */
export function testEnvironment(): TestEnvironment {
  if (cached) return cached;
  const home = process.env.PDD_HOME ?? path.join(os.homedir(), ".cache", "pulumi-docker-dynamic");
  const file = path.join(home, "setup.json");
  let setup: Record<string, string | undefined> & {
    emulation?: boolean;
    engines?: Record<string, string>;
    engineDaemons?: Record<string, string>;
  };
  try {
    setup = JSON.parse(readFileSync(file, "utf8")) as typeof setup;
  } catch (error) {
    throw new Error(`${file} is missing: run scripts/setup first (npm test does)`, { cause: error });
  }
  const credentialsFile = setup.authRegistryCredentials ?? path.join(home, "registry", "auth.json");
  const engineName = process.env.PDD_ENGINE || "main";
  const engineHost = setup.engines?.[engineName] ?? (engineName === "main" ? "unix:///var/run/docker.sock" : undefined);
  if (engineHost === undefined) {
    throw new Error(`PDD_ENGINE=${engineName}, but ${file} lists no such engine: run scripts/setup --current-engine`);
  }
  cached = {
    engine: {
      name: engineName,
      host: engineHost,
      socket: engineHost.replace(/^unix:\/\//, ""),
      daemon: setup.engineDaemons?.[engineName] ?? "dockerd",
      daemonArgs: engineName === "main" ? [] : ["--feature", "containerd-snapshotter=true"],
    },
    pulumiBin: setup.pulumiBin ?? "",
    registry: setup.registry ?? "localhost:5000",
    authRegistry: setup.authRegistry ?? "localhost:5001",
    authCredentials: JSON.parse(readFileSync(credentialsFile, "utf8")) as TestEnvironment["authCredentials"],
    busyboxImage: setup.busyboxImage ?? "local/busybox:latest",
    nodeImage: setup.nodeImage ?? "local/node:22",
    pythonImage: setup.pythonImage ?? "local/python:3",
    busyboxBinaries: setup.busyboxBinaries ?? path.join(home, "busybox"),
    emulation: setup.emulation === true,
    emulationProblem:
      setup.emulation === true
        ? undefined
        : (setup.emulationProblem ?? "setup.json records no emulation: run scripts/setup again"),
    oracle: setup.oracle ?? undefined,
    home,
  };
  return cached;
}

/** A short random suffix that keeps names of parallel or repeated test runs apart. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
