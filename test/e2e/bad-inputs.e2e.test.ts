import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { docker, removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { freeLoopbackPort } from "../support/free-port";
import { createProgram, type TestProgram } from "../support/program";
import type { CommandResult } from "../support/pulumi-cli";
import { RESOURCES_PROGRAM, runWithoutDacCaps, setResources, type ResourceSpec } from "../support/bad-inputs";

const env = testEnvironment();
const suffix = uniqueSuffix();
const repo = (name: string) => `${env.registry}/tests/bad-inputs-${name}-${suffix}`;
const created: string[] = [];

/** One bad input: the text preview must print (naming the property and the fix). */
interface Case {
  readonly name: string;
  readonly expect: RegExp;
}

/** Asserts that a command failed at preview and printed each case's text. */
function assertReported(result: CommandResult, cases: readonly Case[]): void {
  const output = result.stdout + result.stderr;
  assert.notEqual(result.code, 0, output);
  for (const c of cases) assert.match(output, c.expect, `${c.name}:\n${output}`);
}

describe("bad inputs through the pulumi CLI", () => {
  let program: TestProgram;
  const preview = () => program.stack.run(["preview", "--stack", program.stack.stack]);
  const up = () => program.stack.run(["up", "--yes", "--skip-preview", "--stack", program.stack.stack]);
  const upSucceedsWithoutPendingOperations = async (resources: readonly ResourceSpec[]) => {
    await setResources(program.stack, resources);
    const result = await up();
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(await program.stack.pendingOperations(), []);
  };

  before(async () => {
    program = await createProgram("bad-inputs", RESOURCES_PROGRAM, {
      "app/Dockerfile": `FROM ${env.busyboxImage}\nCOPY . /srv/\n`,
      "app/hello.txt": "hello\n",
      "app/Stages.Dockerfile": `FROM ${env.busyboxImage} AS build\nCOPY . /srv/\nFROM build AS release\n`,
      "a-file.txt": "not a folder\n",
    });
  });
  after(async () => {
    await program?.dispose();
    removeImages(...created);
  });

  describe("DockerBuild inputs that check judges", () => {
    const CASES: Case[] = [
      {
        name: "an imageName with a tag",
        expect: /imageName "[^"]+:1\.0" must not contain a tag; put the tag in the `tag` input/,
      },
      { name: "an invalid tag", expect: /tag "-dev" must be 1 to 128 characters/ },
      { name: "an invalid additional tag", expect: /additionalTags\[1\] "not ok" must be 1 to 128 characters/ },
      {
        name: "baseImage without dockerfile auto",
        expect: /baseImage only applies to dockerfile: "auto"; remove baseImage/,
      },
      {
        name: "a malformed platform",
        expect:
          /platform "linux amd64" is not a platform Docker reads: it has an OS "linux amd64" that is not a name.*; write os\/arch\[\/variant\]/,
      },
      {
        name: "two spellings of one platform in platforms",
        expect:
          /platforms\[0\] "linux\/arm64" and platforms\[1\] "linux\/aarch64" are both linux\/arm64 as Docker reads them, which would be built twice; drop one of them/,
      },
      { name: "a buildArgs value that is not a string", expect: /buildArgs\.N must be a string/ },
      {
        name: "a boolean written as a string",
        expect: /ignoreCache must be true or false, not the string "false" \(write false without quotes\)/,
      },
      { name: "a misspelt input", expect: /contxt is not an input of DockerBuild; did you mean context\?/ },
      {
        name: "a cacheFrom that is a string",
        expect:
          /cacheFrom must be a list, not the string "localhost:5000\/app:cache" \(write \["localhost:5000\/app:cache"\]\)/,
      },
      { name: "a label with an empty name", expect: /labels has an empty name; give every entry a name/ },
      { name: "an shmSize that is not a number", expect: /shmSize must be a positive number of bytes/ },
      {
        name: "a network the engine's BuildKit refuses with inputs that need BuildKit",
        expect:
          /network "bridge" is one the engine's BuildKit refuses \(it builds with "default", "host", "none" only\), and platforms need BuildKit; use one of those, or builder: "classic" to build on that network/,
      },
      {
        name: "an extraHosts entry without host:ip",
        expect: /extraHosts\[0\] "db" is not host:ip; write it like db:10\.0\.0\.2/,
      },
      {
        name: "an unknown buildOptions key",
        expect: /buildOptions\.frobnicate is not an Engine API \/build parameter; the ones/,
      },
      {
        name: "a misspelt buildOptions key",
        expect: /buildOptions\.memroy is not an Engine API \/build parameter; did you mean memory\?/,
      },
      {
        name: "a wrongly typed buildOptions value",
        expect: /buildOptions\.cpushares must be a whole number ≥ 0, not "lots"/,
      },
      {
        name: "a buildOptions key with a typed input",
        expect: /buildOptions\.buildargs is set through the buildArgs input/,
      },
      {
        name: "a malformed docker.host",
        expect: /docker\.host "localhost:2375" has an unsupported scheme; use unix:\/\//,
      },
      {
        name: "a docker.caCert that is a path, not PEM text",
        expect:
          /docker\.caCert holds no PEM certificate \(-----BEGIN CERTIFICATE----- …\); give the content of the engine's CA certificate \(ca\.pem\)/,
      },
    ];
    const bad: ResourceSpec = {
      kind: "build",
      name: "a",
      args: {
        imageName: `${repo("a")}:1.0`,
        tag: "-dev",
        additionalTags: ["ok", "not ok"],
        context: "app",
        baseImage: "local/node:22",
        platform: "linux amd64",
        platforms: ["linux/arm64", "linux/aarch64"],
        buildArgs: { N: 2 },
        ignoreCache: "false",
        contxt: "./app",
        cacheFrom: "localhost:5000/app:cache",
        labels: { "": "v" },
        shmSize: "64m",
        network: "bridge",
        extraHosts: ["db"],
        buildOptions: { frobnicate: 1, memroy: 1, cpushares: "lots", buildargs: "{}" },
        docker: { host: "localhost:2375", caCert: "/certs/ca.pem" },
      },
    };
    let result: CommandResult;
    before(async () => {
      await setResources(program.stack, [bad]);
      result = await preview();
    });
    for (const c of CASES) {
      it(`stops preview on ${c.name}, naming the property and the fix`, () => assertReported(result, [c]));
    }
    it("builds nothing at that preview, for any platform", () => {
      assert.equal(docker("image", "ls", "--quiet", repo("a")), "");
    });
    it("builds on the next up once the inputs are fixed, leaving no pending operations", async () => {
      created.push(`${repo("a")}:dev`, `${repo("a")}:ok`, `${repo("a")}:also-ok`);
      await upSucceedsWithoutPendingOperations([
        {
          kind: "build",
          name: "a",
          args: {
            imageName: repo("a"),
            tag: "dev",
            additionalTags: ["ok", "also-ok"],
            context: "app",
            platform: "linux/amd64",
            buildArgs: { N: "2" },
            shmSize: 67108864,
            extraHosts: ["db:10.0.0.2"],
            buildOptions: { memory: 268435456, cpushares: 512 },
            docker: { host: env.engine.host },
          },
        },
      ]);
    });
  });

  describe("DockerBuild contexts that check finds wrong on disk", () => {
    const CASES: (Case & { readonly args: Record<string, unknown>; readonly fixed: Record<string, unknown> })[] = [
      {
        name: "a missing context folder",
        args: { context: "no-such-folder" },
        fixed: { context: "app" },
        expect: /Build context folder not found at \S+no-such-folder; create it or set `context` to an existing folder/,
      },
      {
        name: "a context that is a file",
        args: { context: "a-file.txt" },
        fixed: { context: "app" },
        expect: /Build context \S+a-file\.txt is a file, not a folder; set `context` to the folder it is in/,
      },
      {
        name: "a missing Dockerfile",
        args: { context: "app", dockerfile: "Dockerfile.prod" },
        fixed: { context: "app", dockerfile: "Dockerfile" },
        expect:
          /Dockerfile not found at \S+Dockerfile\.prod; create it, point `dockerfile` at it, or use dockerfile: "auto"/,
      },
      {
        name: "a target no stage of the Dockerfile has",
        args: { context: "app", dockerfile: "Stages.Dockerfile", target: "relase" },
        fixed: { context: "app", dockerfile: "Stages.Dockerfile", target: "RELEASE" },
        expect:
          /target "relase" is not a stage of \S+Stages\.Dockerfile, whose stages are named "build", "release" \(did you mean "release"\?\); set target to one of them \(case does not matter\), or leave it out to build the last stage/,
      },
    ];
    for (const [i, c] of CASES.entries()) {
      it(`stops preview on ${c.name}, naming the property and the fix`, async () => {
        await setResources(program.stack, [
          { kind: "build", name: `b${i}`, args: { imageName: repo(`b${i}`), tag: "dev", ...c.args } },
        ]);
        assertReported(await preview(), [c]);
      });
    }

    it("stops a preview without read permission on a file that would be sent, naming it and the fix", async () => {
      const dir = path.join(program.dir, "secret");
      mkdirSync(dir);
      writeFileSync(path.join(dir, "Dockerfile"), `FROM ${env.busyboxImage}\nCOPY . /srv/\n`);
      writeFileSync(path.join(dir, "secret.txt"), "secret\n");
      chmodSync(path.join(dir, "secret.txt"), 0o000);
      await setResources(program.stack, [
        { kind: "build", name: "s", args: { imageName: repo("s"), tag: "dev", context: "secret" } },
      ]);
      const result = await runWithoutDacCaps(program.stack, ["preview", "--stack", program.stack.stack]);
      assertReported(result, [
        {
          name: "an unreadable file",
          expect:
            /Cannot read "secret\.txt" in the build context \(EACCES\); fix its permissions or exclude it in \.dockerignore/,
        },
      ]);
      writeFileSync(path.join(dir, ".dockerignore"), "secret.txt\n");
    });

    it("builds on the next up once every context is fixed, leaving no pending operations", async () => {
      const fixed: ResourceSpec[] = CASES.map((c, i) => ({
        kind: "build",
        name: `b${i}`,
        args: { imageName: repo(`b${i}`), tag: "dev", ...c.fixed },
      }));
      fixed.push({ kind: "build", name: "s", args: { imageName: repo("s"), tag: "dev", context: "secret" } });
      created.push(...fixed.map((r) => `${String(r.args.imageName)}:dev`));
      await upSucceedsWithoutPendingOperations(fixed);
    });
  });

  describe("DockerPush inputs that check judges", () => {
    const CASES: Case[] = [
      {
        name: "an imageName with an upper-case path",
        expect: /imageName "[^"]+\/Tests\/app" has an invalid path component "Tests" \(lowercase/,
      },
      {
        name: "credentials without a password",
        expect: /credentials\.password is missing; give both username and password, or drop credentials/,
      },
      { name: "a malformed imageId", expect: /imageId must be an image ID like sha256:<64 hex> \(build\.imageId\)/ },
      { name: "a misspelt input", expect: /imageID is not an input of DockerPush; did you mean imageId\?/ },
      { name: "a boolean written as a string", expect: /keepRemotely must be true or false, not the string "no"/ },
      {
        name: "a docker.host that is a bare path",
        expect: /docker\.host "\/var\/run\/docker\.sock" is not an address; use unix:\/\/\/path\/to\/docker\.sock/,
      },
    ];
    let result: CommandResult;
    before(async () => {
      const args = {
        imageName: `${env.authRegistry}/Tests/app`,
        tag: "dev",
        imageId: "abc",
        imageID: "abc",
        keepRemotely: "no",
        credentials: { username: env.authCredentials.username },
        docker: { host: "/var/run/docker.sock" },
      };
      await setResources(program.stack, [{ kind: "push", name: "p", args }]);
      result = await preview();
    });
    for (const c of CASES) {
      it(`stops preview on ${c.name}, naming the property and the fix`, () => assertReported(result, [c]));
    }
    it("pushes on the next up once the inputs are fixed, leaving no pending operations", async () => {
      const imageName = `${env.authRegistry}/tests/bad-inputs-p-${suffix}`;
      created.push(`${imageName}:dev`);
      await upSucceedsWithoutPendingOperations([
        { kind: "build", name: "pb", args: { imageName, tag: "dev", context: "app" } },
        {
          kind: "push",
          name: "p",
          from: "pb",
          args: { credentials: env.authCredentials, docker: { host: env.engine.host } },
        },
      ]);
    });
  });

  describe("problems only an up can see", () => {
    it("fails a push to a registry that is down within seconds, naming it and ECONNREFUSED, then pushes once it is fixed", async () => {
      // A port on which nothing listens: a registry that is down.
      const port = await freeLoopbackPort();
      const down = `127.0.0.1:${port}/tests/bad-inputs-down-${suffix}`;
      created.push(`${down}:dev`, `${repo("down")}:dev`);
      await setResources(program.stack, [
        { kind: "build", name: "d", args: { imageName: down, tag: "dev", context: "app" } },
        { kind: "push", name: "d", from: "d", args: {} },
      ]);
      const started = Date.now();
      const result = await up();
      const seconds = (Date.now() - started) / 1000;
      const output = result.stdout + result.stderr;
      assert.notEqual(result.code, 0, output);
      assert.match(
        output,
        new RegExp(`Cannot reach registry "127\\.0\\.0\\.1:${port}" at http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`),
      );
      assert.doesNotMatch(output, /Retrying in/);
      assert.ok(seconds < 30, `up took ${seconds} s`);
      assert.deepEqual(await program.stack.pendingOperations(), []);
      await upSucceedsWithoutPendingOperations([
        { kind: "build", name: "d", args: { imageName: repo("down"), tag: "dev", context: "app" } },
        { kind: "push", name: "d", from: "d", args: {} },
      ]);
    });

    it("reports a malformed docker.host that was unknown at preview at up, against the property, with the same message", async () => {
      const first: ResourceSpec = {
        kind: "build",
        name: "e0",
        args: { imageName: repo("e0"), tag: "dev", context: "app" },
      };
      const late = (host: string): ResourceSpec => ({
        kind: "build",
        name: "e",
        hostAfter: "e0",
        args: { imageName: repo("e"), tag: "dev", context: "app", docker: { host } },
      });
      created.push(`${repo("e0")}:dev`, `${repo("e")}:dev`);
      await setResources(program.stack, [first, late("localhost:2375")]);
      const planned = await preview();
      assert.equal(planned.code, 0, planned.stdout + planned.stderr);
      const result = await up();
      assert.notEqual(result.code, 0);
      assert.match(
        result.stdout + result.stderr,
        /property docker\.host .*has a problem: docker\.host "localhost:2375" has an unsupported scheme; use unix:\/\//,
      );
      await upSucceedsWithoutPendingOperations([first, late(env.engine.host)]);
    });
  });

  describe("contexts with odd entries", () => {
    it("sends odd file names and symlink loops, skips a FIFO, and builds at the first up", async () => {
      const dir = path.join(program.dir, "odd");
      mkdirSync(dir);
      writeFileSync(path.join(dir, "Dockerfile"), `FROM ${env.busyboxImage}\nCOPY . /srv/\n`);
      for (const name of ["with space.txt", "new\nline.txt", "ünïcödé.txt", "-leading-dash.txt"]) {
        writeFileSync(path.join(dir, name), `${name}\n`);
      }
      symlinkSync("loop", path.join(dir, "loop"));
      symlinkSync("ping", path.join(dir, "pong"));
      symlinkSync("pong", path.join(dir, "ping"));
      execFileSync("mkfifo", [path.join(dir, "pipe")]);
      const image = `${repo("odd")}:dev`;
      created.push(image);
      await setResources(program.stack, [
        { kind: "build", name: "odd", args: { imageName: repo("odd"), tag: "dev", context: "odd" } },
      ]);
      assert.equal((await preview()).code, 0);
      await upSucceedsWithoutPendingOperations([
        { kind: "build", name: "odd", args: { imageName: repo("odd"), tag: "dev", context: "odd" } },
      ]);
      const found = docker("run", "--rm", image, "find", "/srv", "-mindepth", "1", "-maxdepth", "1", "-print0");
      const listed = found.split("\0").map((f) => f.replace(/^\/srv\//, ""));
      for (const name of [
        "with space.txt",
        "new\nline.txt",
        "ünïcödé.txt",
        "-leading-dash.txt",
        "loop",
        "ping",
        "pong",
      ]) {
        assert.ok(listed.includes(name), `${name} missing from ${JSON.stringify(listed)}`);
      }
      assert.ok(!listed.includes("pipe"), "the FIFO was sent");
    });
  });
});
