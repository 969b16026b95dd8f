import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { testEnvironment } from "./environment";
import { removeTree } from "./fixtures";

/** PEM material for a TLS engine endpoint and a client allowed to use it. */
export interface TlsMaterial {
  /** CA certificate that signed both. */
  readonly ca: string;
  /** Server certificate for 127.0.0.1. */
  readonly serverCert: string;
  /** Server private key. */
  readonly serverKey: string;
  /** Client certificate. */
  readonly clientCert: string;
  /** Client private key. */
  readonly clientKey: string;
}

/** Makes a throwaway CA, a server certificate for 127.0.0.1 and a client certificate with openssl. */
export function makeTlsMaterial(): TlsMaterial {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pdd-tls-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  try {
    run(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=pdd-test-ca",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
    );
    for (const [name, ext] of [
      ["server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth"],
      ["client", "extendedKeyUsage=clientAuth"],
    ] as const) {
      run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        `/CN=${name}`,
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.csr`,
      );
      execFileSync("sh", ["-c", `printf '${ext}\\n' > ${name}.ext`], { cwd: dir });
      run(
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        `${name}.ext`,
        "-out",
        `${name}.pem`,
      );
    }
    const read = (f: string) => readFileSync(path.join(dir, f), "utf8");
    return {
      ca: read("ca.pem"),
      serverCert: read("server.pem"),
      serverKey: read("server.key"),
      clientCert: read("client.pem"),
      clientKey: read("client.key"),
    };
  } finally {
    removeTree(dir);
  }
}

/** A TLS endpoint on 127.0.0.1 that requires a client certificate and forwards to the local engine's socket. */
export interface TlsEngineProxy {
  /** `tcp://127.0.0.1:<port>`. */
  readonly host: string;
  /** How many client connections passed the TLS handshake. */
  readonly connections: () => number;
  /** How many bytes clients sent through (grows with every request, also on a kept-alive connection). */
  readonly received: () => number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts a TLS proxy in front of the tested engine's socket (the engine itself stays unchanged). */
export async function startTlsEngineProxy(
  material: TlsMaterial,
  socketPath = testEnvironment().engine.socket,
): Promise<TlsEngineProxy> {
  let count = 0;
  let bytes = 0;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    {
      key: material.serverKey,
      cert: material.serverCert,
      ca: material.ca,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (client) => {
      count++;
      const engine = net.connect(socketPath);
      sockets.add(client).add(engine);
      client.on("data", (chunk: Buffer) => (bytes += chunk.length));
      client.pipe(engine).pipe(client);
      const drop = () => {
        client.destroy();
        engine.destroy();
      };
      client.on("error", drop).on("close", drop);
      engine.on("error", drop).on("close", drop);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `tcp://127.0.0.1:${port}`,
    connections: () => count,
    received: () => bytes,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
