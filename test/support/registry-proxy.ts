import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Decides what becomes of one request through a `RegistryProxy`: call `forward()` to pass it to the registry (now or
 * later), or answer it yourself through `response`.
 */
export type ProxyHook = (request: http.IncomingMessage, response: http.ServerResponse, forward: () => void) => void;

/** A plain-HTTP proxy on 127.0.0.1 in front of a registry, with a hook that may hold, pass or answer each request. */
export class RegistryProxy {
  private readonly server: http.Server;

  private constructor(target: { host: string; port: number }, hook: ProxyHook) {
    this.server = http.createServer((request, response) => {
      request.pause();
      const forward = (): void => {
        const upstream = http.request(
          { host: target.host, port: target.port, method: request.method, path: request.url, headers: request.headers },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        upstream.on("error", (error) => {
          response.statusCode = 502;
          response.end(error.message);
        });
        request.pipe(upstream);
        request.resume();
      };
      hook(request, response, forward);
    });
  }

  /** Starts a proxy on a free loopback port for the registry at `target` (plain HTTP). */
  static async start(target: { host: string; port: number }, hook: ProxyHook): Promise<RegistryProxy> {
    const proxy = new RegistryProxy(target, hook);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** `127.0.0.1:<port>`, the registry host to push to. */
  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the proxy. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The registry of `env.registry` (`localhost:5000`) as a proxy target on 127.0.0.1. */
export function registryTarget(registry: string): { host: string; port: number } {
  const [host, port] = registry.split(":") as [string, string];
  return { host: host === "localhost" ? "127.0.0.1" : host, port: Number(port) };
}
