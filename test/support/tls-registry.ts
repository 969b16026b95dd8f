import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { uniqueSuffix } from "./environment";
import { processGone, waitFor } from "./wait";
import { freeLoopbackPort } from "./free-port";

/** Where the Docker engine reads a registry's CA and client certificates (both engines of the tests read it). */
export const ENGINE_CERTS_DIR = "/etc/docker/certs.d";

/** Options of a {@link TlsRegistry}. */
export interface TlsRegistryOptions {
  /** Require htpasswd basic authentication (user `pdd-tls`, a random password). @default false */
  readonly auth?: boolean;
  /** Require a client certificate signed by the test CA (mutual TLS). @default false */
  readonly clientCertificates?: boolean;
}

/**
 * A `docker-registry` of the test's own serving HTTPS on 127.0.0.1 and a free port, with a certificate for `localhost`
 * and `127.0.0.1` from a CA the test makes with openssl in a temp folder; optionally with htpasswd auth or mutual TLS.
 */
export class TlsRegistry {
  /** The temp folder with the CA, the certificates, the config, the storage and the log. */
  readonly base = path.join(os.tmpdir(), `pdd-tls-registry-${uniqueSuffix()}`);
  /** Basic-auth credentials when started with `auth`. */
  credentials?: { readonly username: string; readonly password: string };
  private port = 0;
  private pid: number | undefined;

  constructor(private readonly options: TlsRegistryOptions = {}) {}

  /** `localhost:<port>`, the registry part of image names. */
  get host(): string {
    return `localhost:${this.port}`;
  }

  /** Path of the test CA's certificate (PEM). */
  get caFile(): string {
    return path.join(this.base, "ca.crt");
  }

  /** The test CA's certificate (PEM). */
  get caCert(): string {
    return readFileSync(this.caFile, "utf8");
  }

  /** Path of a client certificate / key signed by the test CA. */
  clientFile(which: "cert" | "key"): string {
    return path.join(this.base, `client.${which}`);
  }

  /** The engine's certs.d folder for this registry. */
  get engineCertsDir(): string {
    return path.join(ENGINE_CERTS_DIR, this.host);
  }

  private openssl(...args: string[]): void {
    execFileSync("openssl", args, { cwd: this.base, stdio: "pipe" });
  }

  private makeCertificates(): void {
    const days = ["-days", "2"];
    this.openssl(
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", ...days, "-subj", "/CN=pdd test registry CA",
      "-keyout", "ca.key", "-out", "ca.crt",
    ); // prettier-ignore
    const sign = (name: string, subject: string, extensions: string) => {
      writeFileSync(path.join(this.base, `${name}.ext`), extensions);
      this.openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        subject,
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.csr`,
      );
      this.openssl(
        "x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", ...days,
        "-extfile", `${name}.ext`, "-out", `${name}.crt`,
      ); // prettier-ignore
    };
    sign("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    sign("client", "/CN=pdd test client", "extendedKeyUsage=clientAuth\n");
    writeFileSync(this.clientFile("cert"), readFileSync(path.join(this.base, "client.crt")));
  }

  /** Makes the CA and certificates, writes the config and starts the registry; throws when it does not answer. */
  async start(): Promise<void> {
    mkdirSync(path.join(this.base, "data"), { recursive: true });
    this.port = await freeLoopbackPort();
    this.makeCertificates();
    const lines = [
      "version: 0.1",
      "log: {level: warn}",
      "storage:",
      `  filesystem: {rootdirectory: ${path.join(this.base, "data")}}`,
      "  delete: {enabled: true}",
      "http:",
      `  addr: 127.0.0.1:${this.port}`,
      "  tls:",
      `    certificate: ${path.join(this.base, "server.crt")}`,
      `    key: ${path.join(this.base, "server.key")}`,
    ];
    if (this.options.clientCertificates) lines.push(`    clientcas: [${this.caFile}]`);
    if (this.options.auth) {
      this.credentials = { username: "pdd-tls", password: `pw-${uniqueSuffix()}-${uniqueSuffix()}` };
      const htpasswd = path.join(this.base, "htpasswd");
      const { username, password } = this.credentials;
      writeFileSync(htpasswd, execFileSync("htpasswd", ["-Bbn", username, password], { encoding: "utf8" }));
      lines.push("auth:", `  htpasswd: {realm: pdd-tls-test, path: ${htpasswd}}`);
    }
    const config = path.join(this.base, "config.yml");
    writeFileSync(config, [...lines, ""].join("\n"));
    const log = openSync(path.join(this.base, "registry.log"), "a");
    const child = spawn("docker-registry", ["serve", config], { detached: true, stdio: ["ignore", log, log] });
    closeSync(log);
    child.unref();
    this.pid = child.pid;
    const up = await waitFor(() => this.curlStatus("/v2/") !== 0, 20_000);
    if (!up) throw new Error(`the TLS registry on 127.0.0.1:${this.port} did not answer within 20 s: ${this.log()}`);
  }

  /** The registry's log (never holds the password: htpasswd stores a bcrypt hash). */
  log(): string {
    try {
      return readFileSync(path.join(this.base, "registry.log"), "utf8");
    } catch {
      return "";
    }
  }

  /** Makes the engine trust the registry: writes `ca.crt` (and, with mutual TLS, `client.cert`/`client.key`). */
  trustEngine(): void {
    mkdirSync(this.engineCertsDir, { recursive: true });
    writeFileSync(path.join(this.engineCertsDir, "ca.crt"), this.caCert);
    if (this.options.clientCertificates) {
      writeFileSync(path.join(this.engineCertsDir, "client.cert"), readFileSync(this.clientFile("cert")));
      writeFileSync(path.join(this.engineCertsDir, "client.key"), readFileSync(this.clientFile("key")), {
        mode: 0o600,
      });
    }
  }

  /** Removes this registry's certs.d folder (only its own). */
  untrustEngine(): void {
    rmSync(this.engineCertsDir, { recursive: true, force: true });
  }

  private curl(args: readonly string[]): string {
    const auth = this.credentials ? ["-u", `${this.credentials.username}:${this.credentials.password}`] : [];
    const client = this.options.clientCertificates
      ? ["--cert", this.clientFile("cert"), "--key", this.clientFile("key")]
      : [];
    return execFileSync("curl", ["-sS", "--max-time", "10", "--cacert", this.caFile, ...client, ...auth, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  /** The HTTP status of a GET of an API path, verified against the test CA with curl; 0 when nothing answers. */
  curlStatus(apiPath: string): number {
    try {
      return Number(this.curl(["-o", "/dev/null", "-w", "%{http_code}", `https://${this.host}${apiPath}`]));
    } catch {
      return 0;
    }
  }

  /** The manifest digest of `repository:reference` as the registry reports it (curl, not this library), or undefined. */
  manifestDigest(repository: string, reference: string): string | undefined {
    const accept = [
      "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.oci.image.index.v1+json",
    ].join(", ");
    const headers = this.curl([
      "-I",
      "-H",
      `Accept: ${accept}`,
      `https://${this.host}/v2/${repository}/manifests/${reference}`,
    ]);
    if (!/^HTTP\/\S+ 200/m.test(headers)) return undefined;
    return /^docker-content-digest:\s*(\S+)/im.exec(headers)?.[1];
  }

  /**
   * Uploads a minimal OCI manifest (empty config, no layers) under `repository:tag` with curl and returns its digest
   * as the registry reports it.
   */
  putTinyManifest(repository: string, tag: string): string {
    const base = `https://${this.host}/v2/${repository}`;
    const config = path.join(this.base, "tiny-config.json");
    writeFileSync(config, "{}");
    const configDigest = `sha256:${createHash("sha256").update("{}").digest("hex")}`;
    const started = this.curl(["-i", "-X", "POST", `${base}/blobs/uploads/`]);
    const location = /^location:\s*(\S+)/im.exec(started)?.[1];
    if (location === undefined) throw new Error(`start upload to ${base}: ${started}`);
    const upload = new URL(location, base);
    upload.searchParams.set("digest", configDigest);
    this.curl([
      "-f",
      "-X",
      "PUT",
      "-H",
      "content-type: application/octet-stream",
      "--data-binary",
      `@${config}`,
      upload.href,
    ]);
    const manifest = path.join(this.base, `tiny-manifest-${tag}.json`);
    writeFileSync(
      manifest,
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: 2 },
        layers: [],
      }),
    );
    const type = "content-type: application/vnd.oci.image.manifest.v1+json";
    this.curl(["-f", "-X", "PUT", "-H", type, "--data-binary", `@${manifest}`, `${base}/manifests/${tag}`]);
    const digest = this.manifestDigest(repository, tag);
    if (digest === undefined) throw new Error(`${repository}:${tag} is not in the TLS registry after the upload`);
    return digest;
  }

  /** Stops the registry, removes its certs.d folder and its temp folder. */
  async dispose(): Promise<void> {
    if (this.pid !== undefined) {
      process.kill(this.pid, "SIGKILL");
      await waitFor(() => processGone(this.pid!), 10_000);
      this.pid = undefined;
    }
    this.untrustEngine();
    rmSync(this.base, { recursive: true, force: true });
  }
}
