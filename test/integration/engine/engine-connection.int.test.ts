import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type Docker from "dockerode";
import { DockerUnavailableError } from "../../../provider/core/errors";
import { asEngineError, dockerClient, engineHost } from "../../../provider/engine/connection";
import { localFiles, readContext } from "../../../provider/engine/docker-context-store";
import type { ResolutionSources } from "../../../provider/engine/engine-resolution";
import { testEnvironment } from "../../support/environment";
import { removeTree } from "../../support/fixtures";
import { makeTlsMaterial, startTlsEngineProxy, type TlsEngineProxy } from "../../support/tls-proxy";

/** The docker CLIs on this machine: Debian's 20.10 and the one on PATH (when they differ). */
const CLIS = [...new Set(["/usr/bin/docker", "docker"].filter((cli) => cli === "docker" || existsSync(cli)))];

/** Runs a docker CLI with `env` added; throws with its stderr when it fails. */
function cli(binary: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(binary, args, { encoding: "utf8", env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Runs the docker CLI without blocking, so it can go through the TLS proxy this process serves. */
async function cliThroughProxy(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)("docker", args, { encoding: "utf8", env: { ...process.env, ...env } });
  return stdout.trim();
}

/** The engine's version through a client, with connection failures turned into the provider's errors. */
async function versionThrough(docker: Docker): Promise<string> {
  const version = await docker.version().catch((error: unknown) => {
    throw asEngineError(error, docker);
  });
  return version.Version;
}

describe("engine connection resolution against the real engine and the real docker CLI", () => {
  const env = testEnvironment();
  const material = makeTlsMaterial();
  const stranger = makeTlsMaterial();
  const root = mkdtempSync(path.join(os.tmpdir(), "pdd-conn-"));
  const certDir = path.join(root, "certs");
  const wrongCertDir = path.join(root, "wrong-certs");
  const configDir = path.join(root, "config");
  let proxy: TlsEngineProxy;
  let engineVersion: string;
  /** Sources with this process's files and home and only `extra` as the environment. */
  const sources = (extra: NodeJS.ProcessEnv): ResolutionSources => ({ env: extra, files: localFiles, home: root });

  before(async () => {
    proxy = await startTlsEngineProxy(material);
    for (const [dir, pair] of [
      [certDir, material],
      [wrongCertDir, stranger],
    ] as const) {
      cli("mkdir", ["-p", dir]);
      writeFileSync(path.join(dir, "ca.pem"), material.ca);
      writeFileSync(path.join(dir, "cert.pem"), pair.clientCert);
      writeFileSync(path.join(dir, "key.pem"), pair.clientKey);
    }
    engineVersion = cli("docker", ["version", "--format", "{{.Server.Version}}"], { DOCKER_HOST: env.engine.host });
  });
  after(async () => {
    await proxy?.close();
    removeTree(root);
  });

  it("reads the contexts each docker CLI writes as `docker context inspect` shows them", () => {
    for (const binary of CLIS) {
      const tag = binary === "docker" ? "path" : "debian";
      const tlsFiles = `ca=${certDir}/ca.pem,cert=${certDir}/cert.pem,key=${certDir}/key.pem`;
      const made = [
        [`tls-${tag}`, `host=${proxy.host},${tlsFiles}`],
        [`skip-${tag}`, `host=tcp://127.0.0.1:2376,skip-tls-verify=true`],
        [`socket-${tag}`, `host=${env.engine.host}`],
      ] as const;
      for (const [name, docker] of made) {
        cli(binary, ["--config", configDir, "context", "create", name, "--docker", docker]);
        const [inspected] = JSON.parse(cli(binary, ["--config", configDir, "context", "inspect", name])) as {
          Endpoints: { docker: { Host: string; SkipTLSVerify: boolean } };
          TLSMaterial?: { docker?: string[] };
          Storage: { MetadataPath: string; TLSPath: string };
        }[];
        const ours = readContext(configDir, name, localFiles);
        assert.ok(ours && inspected, `${binary}: context ${name} not read`);
        assert.equal(ours.host, inspected.Endpoints.docker.Host, `${binary} ${name}`);
        assert.equal(ours.skipTlsVerify, inspected.Endpoints.docker.SkipTLSVerify, `${binary} ${name}`);
        assert.equal(path.dirname(ours.metaFile), inspected.Storage.MetadataPath, `${binary} ${name}`);
        assert.equal(path.dirname(ours.tlsDir), inspected.Storage.TLSPath, `${binary} ${name}`);
        const files = Object.entries(ours.tls)
          .filter(([, text]) => text !== undefined)
          .map(([key]) => `${key}.pem`)
          .sort();
        assert.deepEqual(files, [...(inspected.TLSMaterial?.docker ?? [])].sort(), `${binary} ${name}`);
      }
      assert.equal(readContext(configDir, `tls-${tag}`, localFiles)?.tls.key, material.clientKey);
    }
  });

  it("reaches the engine over TLS through DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as the CLI does", async () => {
    const variables = { DOCKER_HOST: proxy.host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certDir };
    assert.equal(await cliThroughProxy(["version", "--format", "{{.Server.Version}}"], variables), engineVersion);
    const before = proxy.received();
    const docker = dockerClient(undefined, sources(variables));
    assert.equal(await versionThrough(docker), engineVersion);
    assert.equal(engineHost(docker), proxy.host);
    assert.ok(proxy.received() > before, "the client did not go through the TLS endpoint");
  });

  it("reaches the engine through a CLI-made context chosen by DOCKER_CONTEXT, currentContext and docker.context", async () => {
    const name = "tls-path";
    cli("docker", ["--config", configDir, "context", "use", name]);
    const chosen: [string, Docker][] = [
      ["DOCKER_CONTEXT", dockerClient(undefined, sources({ DOCKER_CONFIG: configDir, DOCKER_CONTEXT: name }))],
      ["currentContext", dockerClient(undefined, sources({ DOCKER_CONFIG: configDir }))],
      [
        "docker.context",
        dockerClient({ context: name }, sources({ DOCKER_CONFIG: configDir, DOCKER_HOST: "unix:///x" })),
      ],
    ];
    for (const [how, docker] of chosen) {
      const before = proxy.received();
      assert.equal(await versionThrough(docker), engineVersion, how);
      assert.equal(engineHost(docker), proxy.host, how);
      assert.ok(proxy.received() > before, `${how}: the client did not go through the TLS endpoint`);
    }
    const viaCli = await cliThroughProxy(["--config", configDir, "version", "--format", "{{.Server.Version}}"], {
      DOCKER_HOST: "",
    });
    assert.equal(viaCli, engineVersion);
  });

  it("says which TLS material to fix when the engine refuses the client certificate", async () => {
    const name = "wrong-cert";
    const tlsFiles = `ca=${wrongCertDir}/ca.pem,cert=${wrongCertDir}/cert.pem,key=${wrongCertDir}/key.pem`;
    cli("docker", ["--config", configDir, "context", "create", name, "--docker", `host=${proxy.host},${tlsFiles}`]);
    const cases: [Docker, RegExp][] = [
      [
        dockerClient(
          { host: proxy.host, caCert: material.ca, cert: stranger.clientCert, key: stranger.clientKey },
          sources({}),
        ),
        /refuses the client certificate; check docker\.caCert, docker\.cert and docker\.key/,
      ],
      [
        dockerClient(
          undefined,
          sources({ DOCKER_HOST: proxy.host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: wrongCertDir }),
        ),
        new RegExp(`check ca\\.pem, cert\\.pem and key\\.pem in ${wrongCertDir} \\(DOCKER_CERT_PATH\\)`),
      ],
      [
        dockerClient({ context: name }, sources({ DOCKER_CONFIG: configDir })),
        /check the TLS files of docker context "wrong-cert"/,
      ],
    ];
    for (const [docker, advice] of cases) {
      await assert.rejects(versionThrough(docker), (error: unknown) => {
        assert.ok(error instanceof DockerUnavailableError, String(error));
        assert.match(error.message, new RegExp(proxy.host.replace(/[.]/g, "\\.")));
        assert.match(error.message, advice);
        assert.equal(error.message.includes(stranger.clientKey.split("\n")[1] ?? "-"), false);
        return true;
      });
    }
  });
});
