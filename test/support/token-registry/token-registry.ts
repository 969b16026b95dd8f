import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { testEnvironment, uniqueSuffix } from "../environment";
import { removeTree } from "../fixtures";
import { makeSigningKey } from "./signing-key";
import { startTokenServer, type TokenServer } from "./token-server";
import { freeLoopbackPort } from "../free-port";

/** A distribution registry with `auth: token` on loopback, in front of a token service the test controls. */
export interface TokenRegistry {
  /** `localhost:<port>`, the registry part of image names. */
  readonly registry: string;
  /** The token service's `service` name (the JWT audience). */
  readonly service: string;
  /** A user allowed to pull, push and delete repositories under `tests/`. */
  readonly credentials: Credentials;
  /** More such users, by the labels passed to startTokenRegistry, each with its own random password. */
  readonly users: Readonly<Record<string, Credentials>>;
  /** The token service, with its request log. */
  readonly tokens: TokenServer;
  /** The registry's own log so far. */
  log(): string;
  /** Stops the registry and the token service and removes their files. */
  stop(): Promise<void>;
}

/** A user name and password. */
export interface Credentials {
  /** The user name. */
  readonly username: string;
  /** The password. */
  readonly password: string;
}

const SERVICE = "pdd-token-registry";
const TESTS_GRANT = [{ prefix: "tests/", actions: ["pull", "push", "delete"] }];

function randomUser(label: string): Credentials {
  return { username: `pdd-${label}-${uniqueSuffix()}`, password: randomBytes(18).toString("base64url") };
}
const ISSUER = "pdd-token-issuer";

function registryConfig(dir: string, port: number, realm: string): string {
  return [
    "version: 0.1",
    "log: {level: info, formatter: text}",
    "storage:",
    `  filesystem: {rootdirectory: ${path.join(dir, "data")}}`,
    "  delete: {enabled: true}",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString("hex")}`,
    "auth:",
    "  token:",
    `    realm: ${realm}`,
    `    service: ${SERVICE}`,
    `    issuer: ${ISSUER}`,
    `    rootcertbundle: ${path.join(dir, "token-cert.pem")}`,
    "",
  ].join("\n");
}

async function waitForChallenge(registry: string, child: ChildProcess, logFile: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (child.exitCode !== null) break;
    const status = await fetch(`http://${registry}/v2/`)
      .then(async (r) => (await r.body?.cancel(), r.status))
      .catch(() => 0);
    if (status === 401) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the token registry on ${registry} did not start:\n${readFileSync(logFile, "utf8")}`);
}

/**
 * Starts Debian's `docker-registry` with token auth on 127.0.0.1 (port from `PDD_TOKEN_REGISTRY_PORT`, else a free
 * one) and a token service that knows one user, plus one per label in `extraUsers`, each with a random password.
 */
export async function startTokenRegistry(extraUsers: readonly string[] = []): Promise<TokenRegistry> {
  const dir = path.join(testEnvironment().home, "token-registry", uniqueSuffix());
  mkdirSync(path.join(dir, "data"), { recursive: true });
  const key = makeSigningKey();
  writeFileSync(path.join(dir, "token-cert.pem"), key.certificate);
  const credentials = randomUser("user");
  const users = Object.fromEntries(extraUsers.map((label) => [label, randomUser(label)]));
  const known = [credentials, ...Object.values(users)];
  const tokens = await startTokenServer({
    issuer: ISSUER,
    service: SERVICE,
    key,
    users: Object.fromEntries(known.map((u) => [u.username, { password: u.password, grants: TESTS_GRANT }])),
  });
  const port = Number(process.env.PDD_TOKEN_REGISTRY_PORT ?? (await freeLoopbackPort()));
  const configFile = path.join(dir, "config.yml");
  writeFileSync(configFile, registryConfig(dir, port, tokens.realm));
  const logFile = path.join(dir, "registry.log");
  const out = openSync(logFile, "a");
  const child = spawn("docker-registry", ["serve", configFile], { stdio: ["ignore", out, out] });
  closeSync(out);
  const kill = (): void => {
    if (child.exitCode === null) child.kill();
  };
  process.once("exit", kill);
  const registry = `localhost:${port}`;
  try {
    await waitForChallenge(registry, child, logFile);
  } catch (error) {
    kill();
    await tokens.close();
    throw error;
  }
  return {
    registry,
    service: SERVICE,
    credentials,
    users,
    tokens,
    log: () => readFileSync(logFile, "utf8"),
    async stop() {
      process.off("exit", kill);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      kill();
      await exited;
      await tokens.close();
      removeTree(dir);
    },
  };
}
