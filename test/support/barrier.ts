import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { ProxyHook } from "./registry-proxy";

/**
 * A meeting point for `parties` concurrent operations: each arrival waits until all have arrived (then all go on
 * together) or until `timeoutMs` passed (then it goes on alone). `peak` says how many were ever waiting at once, so a
 * test proves that operations ran concurrently without measuring any time: serialised operations never meet.
 */
export class Barrier {
  private waiting: (() => void)[] = [];
  private peakWaiting = 0;
  private arrivals = 0;

  constructor(
    private readonly parties: number,
    private readonly timeoutMs: number,
  ) {}

  /** The most arrivals that were waiting at the same moment (`parties` when they all met). */
  get peak(): number {
    return this.peakWaiting;
  }

  /** How many arrived in all. */
  get arrived(): number {
    return this.arrivals;
  }

  /** Waits for the others; resolves `true` when all met, `false` when this arrival waited `timeoutMs` alone. */
  arrive(): Promise<boolean> {
    this.arrivals++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((release) => release !== met);
        resolve(false);
      }, this.timeoutMs);
      const met = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiting.push(met);
      this.peakWaiting = Math.max(this.peakWaiting, this.waiting.length);
      if (this.waiting.length >= this.parties) for (const release of this.waiting.splice(0)) release();
    });
  }
}

/** An HTTP server on 127.0.0.1 whose every GET waits at `barrier` before its answer: for `RUN wget` in builds. */
export class BarrierServer {
  private readonly server: http.Server;

  private constructor(barrier: Barrier) {
    this.server = http.createServer((request, response) => {
      request.resume();
      void barrier.arrive().then((met) => response.end(met ? "met\n" : "waited alone\n"));
    });
  }

  /** Starts a server on a free loopback port. */
  static async start(barrier: Barrier): Promise<BarrierServer> {
    const server = new BarrierServer(barrier);
    await new Promise<void>((resolve) => server.server.listen(0, "127.0.0.1", resolve));
    return server;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the server. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The repository of a blob upload start (`POST /v2/<repo>/blobs/uploads/`), else undefined. */
export function uploadRepository(method: string | undefined, url: string | undefined): string | undefined {
  if (method !== "POST") return undefined;
  return /^\/v2\/(.+)\/blobs\/uploads\/(\?.*)?$/.exec(url ?? "")?.[1];
}

/**
 * A registry proxy hook that holds the first blob upload of each repository at `barrier`: pushes to `parties`
 * repositories meet there only when they are in flight at the same time.
 */
export function holdFirstUploads(barrier: Barrier): ProxyHook {
  const held = new Set<string>();
  return (request, _response, forward) => {
    const repository = uploadRepository(request.method, request.url);
    if (repository === undefined || held.has(repository)) return forward();
    held.add(repository);
    void barrier.arrive().then(forward);
  };
}
