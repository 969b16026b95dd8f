import { randomUUID } from "node:crypto";
import { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import type Docker from "dockerode";
import { addAuthService } from "./auth-service";
import { addFileSyncService, type FileSyncSource } from "./filesync-service";
import { FILESYNC_SERVICE } from "./filesync-proto";
import { SessionGrpcServer } from "./grpc-server";
import { addHealthService } from "./health-service";
import { addSecretsService } from "./secrets-service";
import { AUTH_SERVICE, HEALTH_SERVICE, methodPaths, SECRETS_SERVICE, SSH_SERVICE } from "./session-proto";
import { addSshService } from "./ssh-service";

/** What a BuildKit session answers the engine with while a `version=2` build runs. */
export interface SessionServices {
  /** Credentials for a registry host (`docker.io` for Docker Hub), or `undefined` for anonymous access. */
  credentials(host: string): Promise<{ username: string; secret: string } | undefined>;
  /** Build secrets by id, for `RUN --mount=type=secret,id=<id>`. */
  readonly secrets: ReadonlyMap<string, string>;
  /** ssh-agent sockets by id, for `RUN --mount=type=ssh,id=<id>` (`default` without `id=`). */
  readonly ssh: readonly { readonly id: string; readonly socket: string }[];
  /**
   * The folders served to BuildKit's local sources (the build context and the Dockerfile) for a build sent with
   * `remote=client-session`; absent when the context travels as the request's tar.
   */
  readonly files?: FileSyncSource;
  /**
   * The session's shared key: BuildKit keeps what a local source received under it and the next session with the same
   * key receives only what changed. Stable per context folder. @default "" (nothing is kept for files)
   */
  readonly sharedKey?: string;
}

/** An open session with the engine's BuildKit; pass `id` as the `session` parameter of `POST /build?version=2`. */
export interface BuildkitSession {
  /** The session's uuid. */
  readonly id: string;
  /** True once the connection to the engine is gone, closed by `close()` or by the engine. */
  readonly closed: boolean;
  /** Shuts the gRPC server down and destroys the connection; safe to call more than once and on every path. */
  close(): Promise<void>;
  /** Resolves `true` once the connection is gone, or `false` when it is still open after `timeoutMs`. */
  closedWithin(timeoutMs: number): Promise<boolean>;
}

/** The name the engine shows for the session. */
const SESSION_NAME = "pulumi-docker-dynamic";

function dialSession(docker: Docker, id: string, services: SessionServices): Promise<Duplex> {
  const served = [HEALTH_SERVICE, AUTH_SERVICE, SECRETS_SERVICE, SSH_SERVICE];
  // BuildKit asks the session for local files only when it lists DiffCopy among its methods.
  const methods = [...served, ...(services.files ? [FILESYNC_SERVICE] : [])].flatMap(methodPaths);
  const headers = {
    Upgrade: "h2c",
    Connection: "Upgrade",
    "X-Docker-Expose-Session-Uuid": id,
    "X-Docker-Expose-Session-Name": SESSION_NAME,
    "X-Docker-Expose-Session-Sharedkey": services.sharedKey ?? "",
    "X-Docker-Expose-Session-Grpc-Method": methods,
  };
  const statusCodes = { 101: true, 200: true, 500: "server error" };
  return new Promise((resolve, reject) => {
    docker.modem.dial({ method: "POST", path: "/session", hijack: true, headers, statusCodes }, (error, result) => {
      const socket = result as Duplex | undefined;
      if (error) reject(error);
      else if (typeof socket?.pipe !== "function" || typeof socket.destroy !== "function") {
        reject(new Error(`the engine answered POST /session without upgrading the connection`));
      } else resolve(socket);
    });
  });
}

/**
 * The connection as a plain stream for the HTTP/2 server. Over TLS (`tcp://…:2376`) the hijacked socket is a
 * TLSSocket negotiated without ALPN, which Node's HTTP/2 server takes for an HTTP/1.1 client and destroys at once;
 * the session speaks HTTP/2 in clear inside the engine's TLS, so it gets the TLS stream's bytes through a wrapper.
 */
function plainStream(socket: Duplex): Duplex {
  if (!(socket instanceof TLSSocket)) return socket;
  const plain = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  socket.on("data", (data: Buffer) => {
    if (!plain.push(data)) socket.pause();
  });
  socket.on("end", () => plain.push(null));
  socket.on("close", () => plain.destroy());
  socket.on("error", (error) => plain.destroy(error));
  return plain;
}

/**
 * Opens a BuildKit session on the engine: hijacks `POST /session`, upgrades it to HTTP/2 and serves health, registry
 * credentials, secrets, ssh-agent forwarding and (when `services.files` is given) the build's local files on it with gRPC
 * (`grpc-server.ts`). Throws when the engine refuses the session.
 */
export async function openBuildkitSession(docker: Docker, services: SessionServices): Promise<BuildkitSession> {
  const id = randomUUID();
  let socket: Duplex;
  try {
    socket = plainStream(await dialSession(docker, id, services));
  } catch (error) {
    throw new Error(`Could not open a BuildKit session with the Docker engine: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // The engine may drop the connection at any time; that ends the session, it must not crash the process.
  socket.on("error", () => undefined);
  const socketClosed = socket.closed
    ? Promise.resolve()
    : new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const server = new SessionGrpcServer();
  addHealthService(server);
  addAuthService(server, services.credentials);
  addSecretsService(server, services.secrets);
  addSshService(server, services.ssh);
  if (services.files) addFileSyncService(server, services.files, () => socket.destroy());
  server.serve(socket);
  // Node's HTTP/2 session reads the bytes already buffered on the socket on the next tick and throws (uncaught) when
  // it was destroyed before that; the engine's first frames are buffered, so a close() right away would crash.
  await new Promise<void>((resolve) => setImmediate(resolve));
  let closing: Promise<void> | undefined;
  return {
    id,
    get closed() {
      return socket.destroyed;
    },
    closedWithin(timeoutMs) {
      if (socket.destroyed) return Promise.resolve(true);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      return Promise.race([socketClosed.then(() => true), timeout]).finally(() => clearTimeout(timer));
    },
    close() {
      closing ??= (async () => {
        server.close();
        socket.destroy();
        await socketClosed;
      })();
      return closing;
    },
  };
}
