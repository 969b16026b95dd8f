import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { docker, removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, programSource, type TestProgram } from "../support/program";
import { plannedChanges } from "../support/pulumi-cli";
import { startRemoteContextServer, tarOf, type RemoteContextServer } from "../support/remote-context-server";

const env = testEnvironment();
const imageName = `${env.registry}/tests/e2e-build-sources-${uniqueSuffix()}`;
const UPDATE = ["update pulumi-nodejs:dynamic/docker:DockerBuild app"];

/** A Dockerfile that copies the context to /ctx and lists it when run. */
const LISTING = `FROM ${env.busyboxImage}\nCOPY . /ctx/\nCMD ["sh", "-c", "cd /ctx && find . -type f | sort"]\n`;

/** The files the image of `tag` holds under /ctx. */
function filesInImage(tag: string): string[] {
  return docker("run", "--rm", `${imageName}:${tag}`).split("\n").sort();
}

describe("DockerBuild sources through the pulumi CLI: inline Dockerfiles, own ignore files, remote contexts", () => {
  let program: TestProgram;
  let server: RemoteContextServer;
  const outputs = async () => (await program.stack.outputs()) as Record<string, string>;
  const useArgs = (args: object) => program.stack.setConfig("args", JSON.stringify(args));
  const plan = async () => plannedChanges((await program.stack.preview(["--json"])).stdout);

  before(async () => {
    program = await createProgram("e2e-build-sources", programSource("build-sources"), {
      "app/.dockerignore": "root-ignored.txt\n",
      "app/root-ignored.txt": "only the context's .dockerignore excludes me\n",
      "app/own-ignored.txt": "only api.Dockerfile.dockerignore excludes me\n",
      "app/kept.txt": "kept\n",
      "app/docker/api.Dockerfile": LISTING,
      "app/docker/api.Dockerfile.dockerignore": "own-ignored.txt\ndocker\n",
      "bad/Dockerfile": `# a comment\nFROM ${env.busyboxImage}\n\nRUN echo ok \\\n  && true\nFROMM ${env.busyboxImage}\n`,
    });
    server = await startRemoteContextServer();
  });
  after(async () => {
    await program?.dispose();
    await server?.close();
    removeImages(...["inline", "own", "git", "tar"].map((t) => `${imageName}:${t}`));
  });

  it("builds an inline Dockerfile; an edit rebuilds and the same text changes nothing", async () => {
    const args = { imageName, tag: "inline", context: "app", dockerfile: { inline: LISTING } };
    await useArgs(args);
    await program.stack.up();
    const first = await outputs();
    assert.equal(first.resolvedDockerfile, "inline");
    const files = filesInImage("inline");
    assert.ok(files.includes("./kept.txt") && !files.includes("./root-ignored.txt"), files.join(" "));
    await program.stack.preview(["--expect-no-changes"]);

    await useArgs({ ...args, dockerfile: { inline: LISTING.replace("COPY", 'LABEL edited="yes"\nCOPY') } });
    assert.deepEqual(await plan(), UPDATE);
    await program.stack.up();
    const second = await outputs();
    assert.notEqual(second.imageId, first.imageId);
    assert.notEqual(second.contextDigest, first.contextDigest);
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("honours <Dockerfile>.dockerignore in place of the context's .dockerignore", async () => {
    await useArgs({ imageName, tag: "own", context: "app", dockerfile: "docker/api.Dockerfile" });
    await program.stack.up();
    const files = filesInImage("own");
    assert.ok(files.includes("./root-ignored.txt"), `the context's .dockerignore was applied: ${files}`);
    assert.ok(!files.includes("./own-ignored.txt"), `api.Dockerfile.dockerignore was not applied: ${files}`);
    assert.ok(files.includes("./kept.txt"), files.join(" "));
    writeFileSync(path.join(program.dir, "app", "own-ignored.txt"), "edited, still ignored\n");
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("stops preview on a Dockerfile with an unknown instruction, naming its line", async () => {
    await useArgs({ imageName, tag: "bad", context: "bad" });
    const result = await program.stack.run(["preview", "--stack", program.stack.stack]);
    assert.notEqual(result.code, 0, result.stdout);
    assert.match(result.stdout + result.stderr, /dockerfile:6: unknown instruction "FROMM" \(did you mean FROM\?\)/);
  });

  it("builds a git context at a ref and subfolder; the same commit changes nothing, a new one rebuilds", async () => {
    const repo = server.createRepository(`app-${uniqueSuffix()}`);
    const name = path.basename(repo, ".git");
    server.commit(name, { "svc/Dockerfile": LISTING, "svc/one.txt": "one\n", "outside.txt": "not in svc\n" });
    // Engine 20.10's BuildKit cannot fetch a subfolder of a git context ("subdir not supported yet"); its classic
    // builder can (the daemon clones the repository itself).
    const builder = env.engine.name === "main" ? "classic" : "buildkit";
    await useArgs({ imageName, tag: "git", context: `${repo}#main:svc`, builder });
    assert.deepEqual(await plan(), UPDATE);
    await program.stack.up();
    const first = await outputs();
    assert.equal(first.resolvedContext, `${repo}#main:svc`);
    assert.deepEqual(filesInImage("git"), ["./Dockerfile", "./one.txt"]);
    await program.stack.preview(["--expect-no-changes"]);
    await program.stack.up(["--expect-no-changes"]);

    server.commit(name, { "svc/two.txt": "two\n" });
    assert.deepEqual(await plan(), UPDATE);
    await program.stack.up();
    const second = await outputs();
    assert.notEqual(second.contextDigest, first.contextDigest);
    assert.deepEqual(filesInImage("git"), ["./Dockerfile", "./one.txt", "./two.txt"]);
    await program.stack.preview(["--expect-no-changes"]);

    server.commit(name, { "outside.txt": "a commit on another branch\n" }, "other");
    await program.stack.preview(["--expect-no-changes"]);
  });

  it("builds a tarball context; the same bytes change nothing, new bytes rebuild", async () => {
    const url = server.serveFile("context.tar", tarOf({ Dockerfile: LISTING, "a.txt": "a\n" }));
    await useArgs({ imageName, tag: "tar", context: url });
    await program.stack.up();
    const first = await outputs();
    assert.deepEqual(filesInImage("tar"), ["./Dockerfile", "./a.txt"]);
    await program.stack.preview(["--expect-no-changes"]);

    server.serveFile("context.tar", tarOf({ Dockerfile: LISTING, "a.txt": "a\n", "b.txt": "b\n" }));
    assert.deepEqual(await plan(), UPDATE);
    await program.stack.up();
    assert.notEqual((await outputs()).contextDigest, first.contextDigest);
    assert.deepEqual(filesInImage("tar"), ["./Dockerfile", "./a.txt", "./b.txt"]);
  });

  it("stops preview on a git ref that does not exist, naming context", async () => {
    const repo = server.createRepository(`empty-${uniqueSuffix()}`);
    server.commit(path.basename(repo, ".git"), { Dockerfile: LISTING });
    await useArgs({ imageName, tag: "git", context: `${repo}#no-such-branch` });
    const result = await program.stack.run(["preview", "--stack", program.stack.stack]);
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /has no branch or tag "no-such-branch"/);
  });
});
