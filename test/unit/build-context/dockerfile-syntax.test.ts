import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { dockerfileSyntaxProblem, parseDockerfile } from "../../../provider/build-context";
import { ROOT } from "../../support/environment";

const CORPUS = path.join(ROOT, "test", "fixtures", "dockerfiles", "valid");

/** Every file under `dir` (outside node_modules) whose name passes `keep`. */
function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...filesUnder(full, keep));
    else if (keep(name)) found.push(full);
  }
  return found;
}

/** The Dockerfiles our tests and test programs write as template literals (`FROM …`), each `${…}` a plain word. */
function embeddedDockerfiles(): { where: string; text: string }[] {
  const found: { where: string; text: string }[] = [];
  const sources = filesUnder(
    path.join(ROOT, "test"),
    (n) => /\.(ts|js)$/.test(n) && !n.startsWith("dockerfile-syntax"),
  );
  const literal = /`((?:FROM |ARG |# ?syntax=)[^`]*)`/g;
  for (const file of sources) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(literal)) {
      const text = match[1]!
        .replace(/\$\{[^}]*\}/g, "word")
        .replace(/\\n/g, "\n")
        .replace(/\\\\/g, "\\");
      found.push({ where: `${path.relative(ROOT, file)}:${source.slice(0, match.index).split("\n").length}`, text });
    }
  }
  return found;
}

describe("the Dockerfile syntax check", () => {
  for (const file of readdirSync(CORPUS)) {
    it(`accepts ${file} (the Dockerfile reference's forms)`, () => {
      assert.equal(dockerfileSyntaxProblem(readFileSync(path.join(CORPUS, file), "utf8")), undefined);
    });
  }

  it("accepts every Dockerfile of the examples and the repository's fixtures", () => {
    const files = filesUnder(ROOT, (n) => /(^|\.)Dockerfile(\.|$)/i.test(n) && !n.endsWith(".dockerignore")).filter(
      (f) => !f.includes(`${path.sep}dist${path.sep}`) && !f.startsWith(path.join(ROOT, ".tools")),
    );
    assert.ok(
      files.some((f) => f.includes(`${path.sep}examples${path.sep}`)),
      files.join("\n"),
    );
    for (const file of files) assert.equal(dockerfileSyntaxProblem(readFileSync(file, "utf8")), undefined, file);
  });

  it("accepts every Dockerfile our test programs write", () => {
    const embedded = embeddedDockerfiles();
    assert.ok(embedded.length >= 40, `only ${embedded.length} found`);
    for (const { where, text } of embedded) assert.equal(dockerfileSyntaxProblem(text), undefined, `${where}\n${text}`);
  });

  it("names the line of an unknown instruction, with the closest one", () => {
    assert.equal(
      dockerfileSyntaxProblem("# a comment\n\nFROMM busybox\n"),
      'dockerfile:3: unknown instruction "FROMM" (did you mean FROM?)',
    );
    assert.equal(
      dockerfileSyntaxProblem("FROM a\nRUN echo \\\n  continued\nCOPPY x /\n"),
      'dockerfile:4: unknown instruction "COPPY" (did you mean COPY?)',
    );
    assert.equal(dockerfileSyntaxProblem("FROM a\nfrobnicate\n"), 'dockerfile:2: unknown instruction "frobnicate"');
  });

  it("refuses an empty file, a file of comments, and a file without FROM", () => {
    assert.match(dockerfileSyntaxProblem("")!, /^dockerfile: the Dockerfile is empty/);
    assert.match(dockerfileSyntaxProblem("# syntax=docker/dockerfile:1\n# only a comment\n\n")!, /is empty/);
    assert.match(dockerfileSyntaxProblem("ARG A=1\n")!, /^dockerfile: the Dockerfile has no FROM instruction/);
    assert.match(dockerfileSyntaxProblem("RUN true\nFROM a\n")!, /^dockerfile:1: RUN comes before the first FROM/);
    assert.match(dockerfileSyntaxProblem("FROM\n")!, /^dockerfile:1: FROM needs an image/);
  });

  it("follows the escape directive: a backslash at the end of a line continues only with the default escape", () => {
    const text = "# escape=`\nFROM a\nRUN dir c:\\\nFROMM b\n";
    assert.match(dockerfileSyntaxProblem(text)!, /^dockerfile:4: unknown instruction "FROMM"/);
    assert.equal(dockerfileSyntaxProblem("FROM a\nRUN echo \\\nFROMM b\n"), undefined);
    assert.match(dockerfileSyntaxProblem("# escape=x\nFROM a\n")!, /^dockerfile:1: invalid escape token/);
  });

  it("reads directives only at the top: after a comment, escape= is a comment", () => {
    const parsed = parseDockerfile("# hello\n# escape=`\nFROM a\nRUN x \\\n  y\n");
    assert.deepEqual(parsed.directives, {});
    assert.deepEqual(
      parsed.instructions.map((i) => [i.name, i.line]),
      [
        ["FROM", 3],
        ["RUN", 4],
      ],
    );
  });

  it("skips heredoc bodies and fails on one that is never closed", () => {
    const parsed = parseDockerfile("FROM a\nRUN <<EOF\nFROMM\nEOF\nCOPY <<-X /x\n\tbody\n\tX\nUSER me\n");
    assert.deepEqual(
      parsed.instructions.map((i) => i.name),
      ["FROM", "RUN", "COPY", "USER"],
    );
    assert.match(dockerfileSyntaxProblem("FROM a\nRUN <<EOF\necho\n")!, /^dockerfile:2: heredoc <<EOF has no closing/);
  });

  it("checks what ONBUILD triggers", () => {
    assert.match(dockerfileSyntaxProblem("FROM a\nONBUILD ONBUILD RUN x\n")!, /^dockerfile:2: ONBUILD cannot trigger/);
    assert.match(dockerfileSyntaxProblem("FROM a\nONBUILD RUNN x\n")!, /^dockerfile:2: unknown instruction "RUNN"/);
  });

  it("leaves a Dockerfile for another frontend to that frontend", () => {
    assert.equal(dockerfileSyntaxProblem("# syntax=example.com/my/frontend:1\nWHATEVER\n"), undefined);
    assert.match(dockerfileSyntaxProblem("# syntax=docker/dockerfile:1.7\nWHATEVER\n")!, /unknown instruction/);
  });
});
