import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { docker, removeImages, savedImage } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { createProgram, programSource, type TestProgram } from "../support/program";
import type { CommandResult } from "../support/pulumi-cli";
import { occurrences, secretForms } from "../support/secret-forms";
import { sshAddFiles, startAgent } from "../support/ssh-agent";
import { basicAuthField, writeConfig } from "../support/temp-docker-config";
import { makeTree, removeTree, writeTree } from "../support/fixtures";

const env = testEnvironment();
const VERBOSE = ["-v=9", "--logtostderr", "--logflow"];

describe("DockerBuild with the engine's BuildKit, through the CLI", () => {
  const suffix = uniqueSuffix();
  const repo = `tests/buildkit-${suffix}`;
  const token = `bk-secret-${suffix}-${createHash("sha256").update(suffix).digest("hex").slice(0, 16)}`;
  const privateBase = `${env.authRegistry}/${repo}-base:v1`;
  const configDir = mkdtempSync(path.join(tmpdir(), "pdd-bk-config-"));
  const sshBase = `pdd-test/buildkit-ssh-base:${suffix}`;
  const cleanups: (() => void)[] = [];
  const texts: [what: string, text: string][] = [];
  let program: TestProgram;

  const run = async (what: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandResult> => {
    const result = await program.stack.run([...args, "--stack", program.stack.stack], extraEnv);
    texts.push([what, result.stdout + result.stderr]);
    return result;
  };
  const up = (what: string, extra: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) =>
    run(what, ["up", "--yes", "--skip-preview", ...extra], extraEnv);
  const image = (name: string) => `${env.registry}/${repo}-${name}:v1`;

  before(async () => {
    // A base image only the htpasswd registry serves, pushed with the docker CLI under a throwaway login.
    docker("tag", env.busyboxImage, privateBase);
    const login = mkdtempSync(path.join(tmpdir(), "pdd-bk-login-"));
    execFileSync(
      "docker",
      ["--config", login, "login", "-u", env.authCredentials.username, "--password-stdin", env.authRegistry],
      { input: env.authCredentials.password, stdio: ["pipe", "ignore", "ignore"] },
    );
    execFileSync("docker", ["--config", login, "push", privateBase], { stdio: "ignore" });
    rmSync(login, { recursive: true, force: true });
    removeImages(privateBase);
    await writeConfig(configDir, {
      auths: {
        [env.authRegistry]: { auth: basicAuthField(env.authCredentials.username, env.authCredentials.password) },
      },
    });
    program = await createProgram(
      "e2e-buildkit",
      programSource("buildkit"),
      {
        "secret/Dockerfile": [
          `FROM ${env.busyboxImage}`,
          // Unique per run: BuildKit's cache does not depend on a secret's value, a cached step of another run would do.
          `RUN echo ${suffix} > /run-id`,
          "ARG ROTATION",
          "RUN --mount=type=secret,id=token,required=true sha256sum /run/secrets/token | cut -d' ' -f1 > /token.sha256",
          "RUN test ! -e /run/secrets/token",
          "",
        ].join("\n"),
        "classic/Dockerfile": `FROM ${env.busyboxImage}\nRUN echo classic-${suffix} > /built-by\n`,
        "private/Dockerfile": `ARG BASE\nFROM \${BASE}\nRUN echo private-${suffix} > /private\n`,
        "missing/Dockerfile": `FROM ${env.busyboxImage}\nRUN --mount=type=secret,id=absent,required=true cat /run/secrets/absent\n`,
        "ssh/Dockerfile": "ARG BASE\nFROM ${BASE}\nRUN --mount=type=ssh,required=true ssh-add -l > /keys\n",
        "failing/Dockerfile": `FROM ${env.busyboxImage}\nRUN echo line-one-${suffix}; echo line-two-${suffix}; exit 3\n`,
      },
      { env: { DOCKER_CONFIG: configDir } },
    );
    await program.stack.setConfig("registry", env.registry);
    await program.stack.setConfig("repo", repo);
    await program.stack.setConfig("token", token, true);
    await program.stack.setConfig("privateBaseImage", privateBase);
  });

  after(async () => {
    await program?.dispose();
    removeImages(image("secret"), image("classic"), image("private"), image("missing"), image("failing"), privateBase);
    removeImages(image("ssh"), sshBase);
    cleanups.reverse().forEach((cleanup) => cleanup());
    rmSync(configDir, { recursive: true, force: true });
  });

  it("builds with BuildKit by default and with the classic builder when asked, and reports which", async () => {
    const result = await up("first up", VERBOSE);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const outputs = await program.stack.outputs();
    assert.equal(outputs.secretBuilder, "buildkit");
    assert.equal(outputs.classicBuilder, "classic");
    const history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}} {{.Comment}}", image("secret"));
    assert.match(history, /buildkit\.dockerfile\.v0/);
    const classicHistory = docker("history", "--no-trunc", "--format", "{{.Comment}}", image("classic"));
    assert.doesNotMatch(classicHistory, /buildkit/);
    assert.equal(docker("run", "--rm", image("classic"), "cat", "/built-by"), `classic-${suffix}`);
    assert.match(result.stdout, /#\d+ \[(?:stage-0 )?3\/4\] RUN --mount=type=secret,id=token/);
  });

  it("hands the build secret to its RUN step and keeps it out of the image", () => {
    const expected = createHash("sha256").update(token).digest("hex");
    assert.equal(docker("run", "--rm", image("secret"), "cat", "/token.sha256"), expected);
    const leaks: string[] = [];
    const saved = savedImage(image("secret"));
    const inImage: (readonly [string, string])[] = [
      ["docker history", docker("history", "--no-trunc", image("secret"))],
      ["docker image inspect", docker("image", "inspect", image("secret"))],
      ...saved.files,
    ];
    for (const [what, text] of inImage) {
      const found = occurrences(text, secretForms(token));
      if (found.length > 0) leaks.push(`${what}: ${found.join(", ")}`);
    }
    assert.deepEqual(leaks, []);
    assert.ok(saved.layers > 0, "docker save gave no layer to search");
  });

  it("does not rebuild when only the secret's value changes, and uses the new value once a build argument says so", async () => {
    const before = docker("image", "inspect", "--format", "{{.Id}}", image("secret"));
    const rotated = `${token}-rotated`;
    await program.stack.setConfig("token", rotated, true);
    const result = await up("rotated-secret up");
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.doesNotMatch(result.stdout, /RUN --mount=type=secret/);
    assert.equal(docker("image", "inspect", "--format", "{{.Id}}", image("secret")), before);
    await program.stack.setConfig("tokenRotation", "2");
    const rebuilt = await up("secret-version up");
    assert.equal(rebuilt.code, 0, rebuilt.stdout + rebuilt.stderr);
    const expected = createHash("sha256").update(rotated).digest("hex");
    assert.equal(docker("run", "--rm", image("secret"), "cat", "/token.sha256"), expected);
  });

  it("fails a Dockerfile that needs a secret the input lacks with an error naming secrets", async () => {
    await program.stack.setConfig("missingSecret", "true");
    const result = await up("missing-secret up");
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /secret[^\n]*absent/);
    assert.match(result.stdout + result.stderr, /give it in the secrets input, secrets: \{ "absent": … \}/);
    await program.stack.setConfig("missingSecret", "false");
  });

  it("fails a RUN step with an error naming the step and showing its last output lines", async () => {
    await program.stack.setConfig("failingRun", "true");
    const result = await up("failing up");
    assert.notEqual(result.code, 0);
    const output = result.stdout + result.stderr;
    assert.match(
      output,
      new RegExp(`Build of "${image("failing")}" failed at step \\[(?:stage-0 )?2/2\\] RUN echo line-one`),
    );
    assert.match(output, new RegExp(`Last lines of the build log:[^]*line-two-${suffix}`));
    await program.stack.setConfig("failingRun", "false");
  });

  it("pulls a base image from a registry with credentials from DOCKER_CONFIG, and names the registry when they are wrong", async () => {
    await program.stack.setConfig("privateBase", "true");
    await program.stack.setConfig("attempt", "1");
    const result = await up("private-base up");
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(docker("run", "--rm", image("private"), "cat", "/private"), `private-${suffix}`);
    const wrongConfig = mkdtempSync(path.join(tmpdir(), "pdd-bk-wrong-"));
    await writeConfig(wrongConfig, {
      auths: { [env.authRegistry]: { auth: basicAuthField(env.authCredentials.username, "wrong-password") } },
    });
    removeImages(privateBase);
    await program.stack.setConfig("attempt", "2");
    const wrong = await up("wrong-credentials up", [], { DOCKER_CONFIG: wrongConfig });
    rmSync(wrongConfig, { recursive: true, force: true });
    assert.notEqual(wrong.code, 0);
    assert.match(
      wrong.stdout + wrong.stderr,
      new RegExp(`${env.authRegistry.replace(".", "\\.")}[^\\n]*(401|[Uu]nauthorized|authoriz)`),
    );
    await program.stack.setConfig("privateBase", "false");
  });

  it("forwards the SSH agent at SSH_AUTH_SOCK to RUN --mount=type=ssh, and stops preview without one", async () => {
    const agent = startAgent(`pdd-bk-${suffix}`, cleanups);
    const baseContext = makeTree({}, "pdd-ssh-base-");
    cleanups.push(() => removeTree(baseContext));
    for (const [name, file] of Object.entries(sshAddFiles())) {
      const { content, mode } = file as { content: Buffer; mode: number };
      mkdirSync(path.dirname(path.join(baseContext, name)), { recursive: true });
      writeFileSync(path.join(baseContext, name), content, { mode });
    }
    writeTree(baseContext, { Dockerfile: `FROM ${env.busyboxImage}\nCOPY rootfs/ /\n` });
    execFileSync("docker", ["build", "-q", "-t", sshBase, baseContext], { stdio: "ignore" });
    await program.stack.setConfig("sshBuild", "true");
    await program.stack.setConfig("sshBase", sshBase);
    const noAgent = await run("preview without an agent", ["preview"], { SSH_AUTH_SOCK: "" });
    assert.notEqual(noAgent.code, 0);
    assert.match(noAgent.stdout + noAgent.stderr, /ssh\[0\] has no SSH agent: SSH_AUTH_SOCK is not set/);
    const result = await up("ssh up", [], { SSH_AUTH_SOCK: agent.socket });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(
      docker("run", "--rm", image("ssh"), "cat", "/keys"),
      new RegExp(agent.fingerprint.replace(/[+/]/g, "\\$&")),
    );
    await program.stack.setConfig("sshBuild", "false");
    assert.equal((await up("ssh off up")).code, 0);
  });

  it("keeps the secret out of state on disk, stack export and the logs", async () => {
    texts.push(["stack export", await program.stack.exportState()]);
    const result = await run("destroy", ["destroy", "--yes", "--skip-preview"]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const state = filesUnder(program.stack.stateDir).map((f): [string, string] => [f, readFileSync(f, "latin1")]);
    assert.ok(state.length > 0 && readdirSync(program.stack.stateDir).length > 0, "no state to search");
    const leaks: string[] = [];
    for (const [what, text] of [...texts, ...state]) {
      const found = occurrences(text, [...secretForms(token), ...secretForms(`${token}-rotated`)]);
      if (found.length > 0) leaks.push(`${what}: ${found.join(", ")}`);
    }
    assert.deepEqual(leaks, []);
  });
});
