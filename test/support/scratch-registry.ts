import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { uniqueSuffix } from "./environment";
import { processGone, waitFor } from "./wait";
import { freeLoopbackPort } from "./free-port";

/** A `docker-registry` of the tests' own on a free loopback port, with deletes enabled, that they may kill. */
export class ScratchRegistry {
  private readonly base = path.join("/tmp", `pdd-registry-${uniqueSuffix()}`);
  private port = 0;
  private pid: number | undefined;

  /** `localhost:<port>`, the registry part of image names. */
  get host(): string {
    return `localhost:${this.port}`;
  }

  /** Starts the registry (on the same port and storage after a kill); throws when it does not answer. */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freeLoopbackPort();
    mkdirSync(path.join(this.base, "data"), { recursive: true });
    const config = path.join(this.base, "config.yml");
    writeFileSync(
      config,
      [
        "version: 0.1",
        "log: {level: warn}",
        "storage:",
        `  filesystem: {rootdirectory: ${path.join(this.base, "data")}}`,
        "  delete: {enabled: true}",
        "http:",
        `  addr: 127.0.0.1:${this.port}`,
        "",
      ].join("\n"),
    );
    const log = openSync(path.join(this.base, "registry.log"), "a");
    const child = spawn("docker-registry", ["serve", config], { detached: true, stdio: ["ignore", log, log] });
    closeSync(log);
    child.unref();
    this.pid = child.pid;
    const up = await waitFor(() => this.answers(), 20_000);
    if (!up) {
      let log = "";
      try {
        log = readFileSync(path.join(this.base, "registry.log"), "utf8").slice(-2000);
      } catch {
        // no log written
      }
      throw new Error(`the scratch registry on 127.0.0.1:${this.port} did not answer within 20 s; its log:\n${log}`);
    }
  }

  /** Kills the registry with SIGKILL and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.pid === undefined) return;
    process.kill(this.pid, "SIGKILL");
    await waitFor(() => processGone(this.pid!), 10_000);
    this.pid = undefined;
  }

  /** True when `GET /v2/` answers 200. */
  async answers(): Promise<boolean> {
    try {
      return (await fetch(`http://127.0.0.1:${this.port}/v2/`)).status === 200;
    } catch {
      return false;
    }
  }

  /** True once an upload into `repository` has written data (a push is under way). */
  uploadUnderWay(repository: string): boolean {
    const uploads = path.join(this.base, "data", "docker", "registry", "v2", "repositories", repository, "_uploads");
    try {
      return readdirSync(uploads).length > 0;
    } catch {
      return false;
    }
  }

  /** Every request the registry answered so far, as `METHOD /uri`, in order (from its access log). */
  requests(): string[] {
    let log: string;
    try {
      log = readFileSync(path.join(this.base, "registry.log"), "utf8");
    } catch {
      return [];
    }
    return [...log.matchAll(/"([A-Z]+) (\S+) HTTP\/[\d.]+"/g)].map((m) => `${m[1]} ${m[2]}`);
  }

  /** Deletes a manifest by digest over plain HTTP (as someone would behind Pulumi's back). */
  async deleteManifest(repository: string, digest: string): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.port}/v2/${repository}/manifests/${digest}`, {
      method: "DELETE",
    });
    if (response.status !== 202) throw new Error(`DELETE ${repository}@${digest}: HTTP ${response.status}`);
  }

  /** Stops the registry and deletes its storage. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.base, { recursive: true, force: true });
  }
}
