import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { rmSync } from "node:fs";
import { uniqueSuffix } from "./environment";

/** The Unix socket of the engine the tests run against (`DOCKER_HOST`, else the default socket). */
export function engineSocketPath(): string {
  const host = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  if (!host.startsWith("unix://")) throw new Error(`the engine request log needs a unix:// engine, not ${host}`);
  return host.slice("unix://".length);
}

const REQUEST_LINE = /(?:^|\r\n)(GET|HEAD|POST|PUT|DELETE|PATCH) (\S+) HTTP\/1\.[01]\r\n/g;

/**
 * A Unix socket in front of the test engine that passes every byte through and records the HTTP request lines sent
 * to the engine, so a test can count the Engine API calls a command makes (`DOCKER_HOST=<log.host>`). Request lines
 * are read from each chunk a client sends: fine for the small requests of inspect and list calls.
 */
export class EngineRequestLog {
  /** `unix://` address of the logging socket. */
  readonly host: string;
  private readonly socketPath = path.join(os.tmpdir(), `pdd-engine-log-${uniqueSuffix()}.sock`);
  private readonly server: net.Server;
  private readonly seen: string[] = [];
  private cutAfter: number | undefined;
  private cuts = 0;

  constructor(engineSocket = engineSocketPath()) {
    this.host = `unix://${this.socketPath}`;
    this.server = net.createServer((client) => {
      const engine = net.connect(engineSocket);
      let session = false;
      let sent = 0;
      client.on("data", (chunk: Buffer) => {
        for (const match of chunk.toString("latin1").matchAll(REQUEST_LINE)) {
          this.seen.push(`${match[1]} ${match[2]}`);
          // A kept-alive connection may carry other requests first; once upgraded, it is the session's alone.
          if (match[1] === "POST" && /^(\/v[\d.]+)?\/session$/.test(match[2]!)) session = true;
        }
        if (session) sent += chunk.length;
        if (session && this.cutAfter !== undefined && sent > this.cutAfter) {
          this.cuts++;
          client.destroy();
          engine.destroy();
        }
      });
      client.pipe(engine).pipe(client);
      const close = (): void => {
        client.destroy();
        engine.destroy();
      };
      client.on("error", close).on("close", close);
      engine.on("error", close).on("close", close);
    });
  }

  /** Starts listening. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.socketPath, resolve));
  }

  /**
   * From now on, cuts every BuildKit session connection (`POST /session`, then HTTP/2 both ways) once the client has
   * sent more than `bytes` on it, as a dropped connection would; `undefined` stops cutting.
   */
  cutSessionsAfter(bytes: number | undefined): void {
    this.cutAfter = bytes;
  }

  /** How many session connections were cut. */
  get sessionsCut(): number {
    return this.cuts;
  }

  /** The requests seen so far, as `METHOD /path?query` (API version prefix kept). */
  requests(): string[] {
    return [...this.seen];
  }

  /** Stops listening and removes the socket. */
  async dispose(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.socketPath, { force: true });
  }
}
