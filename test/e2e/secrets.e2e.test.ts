import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { createProgram, type TestProgram, programSource } from "../support/program";
import type { CommandResult } from "../support/pulumi-cli";
import { occurrences, secretForms } from "../support/secret-forms";
import { makeTlsMaterial, startTlsEngineProxy, type TlsEngineProxy } from "../support/tls-proxy";
import { startTokenRegistry, type TokenRegistry } from "../support/token-registry/token-registry";
import {
  basicAuthField,
  helperCalls,
  makeScratch,
  writeConfig,
  writeHelper,
  type Scratch,
} from "../support/temp-docker-config";

const env = testEnvironment();
const VERBOSE = ["-v=9", "--logtostderr", "--logflow"];

/**
 * Every resource reaches the engine through a TLS endpoint with the client key from a secret config value. `base` is
 * pushed with the `credentials` input; `app` is built FROM it with `pull: true` and the `registries` input; `app` is
 * pushed to the registry as 127.0.0.1:<port> (credential helper) and `copy` as localhost:<port> (config.json auths).
 */
/** The Pulumi program, test/programs/secrets/index.js. */
const PROGRAM = programSource("secrets");

describe("secrets never reach state, logs or errors, whichever way a credential enters", () => {
  let target: TokenRegistry;
  let proxy: TlsEngineProxy;
  let program: TestProgram;
  let scratch: Scratch;
  let secrets: Map<string, string[]>;
  const repo = `tests/secrets-${uniqueSuffix()}`;
  const texts: [what: string, text: string][] = [];
  const altRegistry = (): string => target.registry.replace("localhost", "127.0.0.1");
  const record = (what: string, result: CommandResult): CommandResult => {
    texts.push([what, result.stdout + result.stderr]);
    return result;
  };
  const run = async (what: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandResult> => {
    const result = record(
      what,
      await program.stack.run([...args, "--stack", program.stack.stack, ...VERBOSE], extraEnv),
    );
    if (result.code !== 0 && what !== "wrong-password up") {
      throw new Error(`${what} exited ${result.code}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
    }
    return result;
  };
  const usersSeen = (): Set<string | undefined> => new Set(target.tokens.requests.map((r) => r.user));

  before(async () => {
    target = await startTokenRegistry(["pull", "helper", "auths", "authConfig", "wrong"]);
    const material = makeTlsMaterial();
    proxy = await startTlsEngineProxy(material);
    scratch = await makeScratch();
    const { helper, auths, authConfig, pull, wrong } = target.users as Record<
      string,
      { username: string; password: string }
    >;
    await writeHelper(scratch, "pddsecrets", {
      [altRegistry()]: { Username: helper!.username, Secret: helper!.password },
    });
    await writeConfig(scratch.configDir, {
      credHelpers: { [altRegistry()]: "pddsecrets" },
      auths: { [target.registry]: { auth: basicAuthField(auths!.username, auths!.password) } },
    });
    program = await createProgram(
      "e2e-secrets",
      PROGRAM,
      {
        "base/Dockerfile": `FROM ${env.busyboxImage}\nRUN echo base-${uniqueSuffix()} > /base\n`,
        "app/Dockerfile": "ARG BASE\nFROM ${BASE}\nCOPY hello.txt /hello.txt\n",
        "app/hello.txt": "hello\n",
      },
      { env: { DOCKER_CONFIG: scratch.configDir }, pathPrefix: [scratch.binDir] },
    );
    const config: [string, string, boolean][] = [
      ["dockerHost", proxy.host, false],
      ["caCert", material.ca, false],
      ["clientCert", material.clientCert, false],
      ["clientKey", material.clientKey, true],
      ["registry", target.registry, false],
      ["altRegistry", altRegistry(), false],
      ["repo", repo, false],
      ["pushUser", target.credentials.username, false],
      ["pushPassword", target.credentials.password, true],
      ["pullUser", pull!.username, false],
      ["pullPassword", pull!.password, true],
      ["wrongPassword", wrong!.password, true],
    ];
    for (const [key, value, secret] of config) {
      await program.stack.ok([
        "config",
        "set",
        key,
        "--stack",
        program.stack.stack,
        ...(secret ? ["--secret"] : []),
        "--",
        value,
      ]);
    }
    const keyLines = material.clientKey.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
    secrets = new Map([
      ["the client key", [...keyLines, ...secretForms(material.clientKey)]],
      ["the credentials input's password", secretForms(target.credentials.password, target.credentials.username)],
      ...[pull, helper, auths, authConfig, wrong].map(
        (u) => [`${u!.username}'s password`, secretForms(u!.password, u!.username)] as [string, string[]],
      ),
    ]);
  });
  after(async () => {
    await program?.dispose();
    await proxy?.close();
    if (target !== undefined) {
      removeImages(
        `${target.registry}/${repo}-base:v1`,
        `${altRegistry()}/${repo}-app:v1`,
        `${target.registry}/${repo}-copy:v1`,
      );
      await target.stop();
    }
  });

  it("uses every credential route: credentials input, registries input, credential helper and config.json auths", async () => {
    await run("preview", ["preview", "--diff"]);
    await run("up", ["up", "--yes", "--skip-preview"]);
    const seen = usersSeen();
    for (const label of ["pull", "helper", "auths"]) {
      assert.ok(seen.has(target.users[label]?.username), `no token request from the ${label} user`);
    }
    assert.ok(seen.has(target.credentials.username), "no token request from the credentials input's user");
    assert.ok((await helperCalls(scratch)).includes(altRegistry()), "the credential helper was never asked");
    assert.ok(proxy.connections() > 0, "nothing went through the TLS endpoint");
  });

  it("uses DOCKER_AUTH_CONFIG when it is set", async () => {
    const user = target.users.authConfig!;
    const auth = basicAuthField(user.username, user.password);
    const authConfig = JSON.stringify({ auths: { [target.registry]: { auth }, [altRegistry()]: { auth } } });
    await run("refresh", ["refresh", "--yes", "--skip-preview"], { DOCKER_AUTH_CONFIG: authConfig });
    assert.ok(usersSeen().has(user.username), "no token request from the DOCKER_AUTH_CONFIG user");
  });

  it("fails a wrong password with an error naming the registry", async () => {
    await program.stack.setConfig("wrongPush", "true");
    const result = await run("wrong-password up", ["up", "--yes", "--skip-preview"]);
    assert.notEqual(result.code, 0);
    assert.match(
      result.stdout + result.stderr,
      new RegExp(`Registry "${target.registry}" rejected[^\\n]*authentication`),
    );
    await program.stack.setConfig("wrongPush", "false");
  });

  it("keeps every secret out of state on disk, stack export, verbose logs and errors", async () => {
    texts.push(["stack export", await program.stack.exportState()]);
    await run("destroy", ["destroy", "--yes", "--skip-preview"]);
    const state = filesUnder(program.stack.stateDir).map((f): [string, string] => [f, readFileSync(f, "latin1")]);
    assert.ok(
      state.some(([f]) => f.includes(".history")),
      "the state folder has no history to search",
    );
    const leaks: string[] = [];
    for (const [what, text] of [...texts, ...state]) {
      for (const [secret, forms] of secrets) {
        const found = occurrences(text, forms);
        if (found.length > 0) leaks.push(`${secret} in ${what}: ${found.join(", ")}`);
      }
    }
    assert.deepEqual(leaks, []);
    assert.ok(texts.reduce((n, [, t]) => n + t.length, 0) > 100_000, "the verbose logs are suspiciously short");
  });
});
