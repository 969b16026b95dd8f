import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { forgetInterruptedBuild, interruptedBuildsOn } from "../../provider/engine/interrupted-builds";
import { testEnvironment, uniqueSuffix } from "./environment";
import { processGone, waitFor } from "./wait";

/** Options of a SecondEngine. */
export interface SecondEngineOptions {
  /**
   * Its own bridge (never `--bridge=none`, which deletes the main engine's docker0). @default a name of its own,
   * `pdd<8 hex>`: engines of test files running at the same time must not share one (the first dispose deletes it)
   */
  readonly bridge?: string;
  /** The bridge's address. @default `10.213.<n>.1/24` with an `<n>` no interface of this machine uses */
  readonly bridgeAddress?: string;
}

/**
 * A dockerd of the tests' own, of the tested engine's version (own data root, exec root, socket, pid file and bridge; no iptables changes) that
 * the tests may kill and restart; the main engine is never touched.
 */
export class SecondEngine {
  /** `unix://<socket>`: the value for the `docker.host` input and `docker -H`. */
  readonly host: string;
  private readonly base: string;
  private readonly execRoot: string;
  private readonly socket: string;
  private readonly bridge: string;
  private readonly bridgeAddress: string | undefined;
  private pid: number | undefined;

  constructor(options: SecondEngineOptions = {}) {
    const suffix = uniqueSuffix();
    this.base = path.join("/tmp", `pdd-engine-${suffix}`);
    this.execRoot = path.join("/run", `pdd-${suffix}`);
    this.socket = path.join(this.base, "docker.sock");
    this.host = `unix://${this.socket}`;
    this.bridge = options.bridge ?? `pdd${randomBytes(4).toString("hex")}`;
    this.bridgeAddress = options.bridgeAddress;
  }

  /** The engine's log file. */
  get logFile(): string {
    return path.join(this.base, "dockerd.log");
  }

  /** Starts dockerd (creating the bridge the first time); throws with the end of its log when it does not answer. */
  async start(): Promise<void> {
    mkdirSync(this.base, { recursive: true });
    this.ensureBridge();
    rmSync(path.join(this.base, "dockerd.pid"), { force: true });
    this.clearStaleContainerdPid();
    const log = openSync(this.logFile, "a");
    const { daemon, daemonArgs } = testEnvironment().engine;
    const child = spawn(
      daemon,
      [
        ...daemonArgs,
        `--data-root=${path.join(this.base, "data")}`,
        `--exec-root=${this.execRoot}`,
        `--pidfile=${path.join(this.base, "dockerd.pid")}`,
        `-H=${this.host}`,
        `--bridge=${this.bridge}`,
        "--iptables=false",
        "--ip-masq=false",
      ],
      { detached: true, stdio: ["ignore", log, log] },
    );
    closeSync(log);
    child.unref();
    this.pid = child.pid;
    const up = await waitFor(() => this.answers(), 30_000);
    if (!up) {
      const tail = existsSync(this.logFile) ? readFileSync(this.logFile, "utf8").split("\n").slice(-15).join("\n") : "";
      throw new Error(`the second dockerd (${this.host}) did not answer within 30 s; its log ends:\n${tail}`);
    }
  }

  /** Kills dockerd with SIGKILL, as a crash would, and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.pid === undefined) return;
    process.kill(this.pid, "SIGKILL");
    await waitFor(() => processGone(this.pid!), 10_000);
    this.pid = undefined;
  }

  /** True when the engine answers `docker version`. */
  answers(): boolean {
    return spawnSync("docker", ["-H", this.host, "version"], { stdio: "ignore" }).status === 0;
  }

  /** Runs the docker CLI against this engine; throws with stderr when it fails. */
  docker(...args: string[]): string {
    const result = spawnSync("docker", ["-H", this.host, ...args], { encoding: "utf8" });
    if (result.status !== 0)
      throw new Error(`docker -H ${this.host} ${args.join(" ")} failed: ${result.stderr.trim()}`);
    return result.stdout.trim();
  }

  /** Copies an image from the main engine (`docker save | docker load`): no registry, no pull. */
  loadFromMainEngine(reference: string): void {
    const result = spawnSync("sh", ["-c", `docker save "$1" | docker -H "$2" load`, "sh", reference, this.host], {
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`copying ${reference} to ${this.host} failed: ${result.stderr.trim()}`);
  }

  /** Stops dockerd and everything it started, unmounts and deletes its folders, the bridge and its build records. */
  async dispose(): Promise<void> {
    if (this.pid !== undefined && !processGone(this.pid)) {
      process.kill(this.pid, "SIGTERM");
      if (!(await waitFor(() => processGone(this.pid!), 15_000))) process.kill(this.pid, "SIGKILL");
    }
    this.pid = undefined;
    for (const pid of this.processesUnderExecRoot()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    for (const mount of this.mountsUnder([this.base, this.execRoot])) {
      spawnSync("umount", ["-l", mount], { stdio: "ignore" });
    }
    rmSync(this.base, { recursive: true, force: true });
    rmSync(this.execRoot, { recursive: true, force: true });
    spawnSync("ip", ["link", "del", this.bridge], { stdio: "ignore" });
    for (const { file } of interruptedBuildsOn(this.host)) forgetInterruptedBuild(file);
  }

  private ensureBridge(): void {
    if (spawnSync("ip", ["link", "show", this.bridge], { stdio: "ignore" }).status === 0) return;
    this.ip("link", "add", this.bridge, "type", "bridge");
    this.ip("addr", "add", this.bridgeAddress ?? unusedSubnet(), "dev", this.bridge);
    this.ip("link", "set", this.bridge, "up");
  }

  private ip(...args: string[]): void {
    const result = spawnSync("ip", args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`ip ${args.join(" ")} failed: ${result.stderr.trim()}`);
  }

  /**
   * A killed dockerd leaves its containerd's pid file behind (the containerd dies with it, possibly as an unreaped
   * zombie); a new dockerd then waits for that containerd forever ("containerd is still running"). Removes the file.
   */
  private clearStaleContainerdPid(): void {
    const pidFile = path.join(this.execRoot, "containerd", "containerd.pid");
    let pid: number;
    try {
      pid = Number(readFileSync(pidFile, "utf8").trim());
    } catch {
      return;
    }
    if (!pid || processGone(pid)) rmSync(pidFile, { force: true });
  }

  /** PIDs of the containerd and shims this engine started (their command lines name its exec root). */
  private processesUnderExecRoot(): number[] {
    return readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .filter((name) => {
        try {
          return readFileSync(`/proc/${name}/cmdline`, "utf8").includes(this.execRoot);
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  private mountsUnder(roots: readonly string[]): string[] {
    return readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .map((line) => line.split(" ")[4] ?? "")
      .filter((target) => roots.some((root) => target === root || target.startsWith(`${root}/`)))
      .sort((a, b) => b.length - a.length);
  }
}

/** `10.213.<n>.1/24` for an `<n>` that no IPv4 address of this machine is in (a bridge of another test, the engines'). */
function unusedSubnet(): string {
  const used = spawnSync("ip", ["-o", "-4", "addr", "show"], { encoding: "utf8" }).stdout;
  const free = Array.from({ length: 254 }, (_, i) => i + 1).filter((n) => !used.includes(` 10.213.${n}.`));
  const n = free[Math.floor(Math.random() * free.length)];
  if (n === undefined) throw new Error("no free 10.213.<n>.0/24 subnet for a test engine's bridge");
  return `10.213.${n}.1/24`;
}
