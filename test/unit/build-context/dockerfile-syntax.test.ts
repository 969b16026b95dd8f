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

  it("checks what ONBUILD triggers as far as BuildKit does before building: not ONBUILD, FROM or MAINTAINER", () => {
    assert.match(dockerfileSyntaxProblem("FROM a\nONBUILD ONBUILD RUN x\n")!, /^dockerfile:2: ONBUILD cannot trigger/);
    assert.match(dockerfileSyntaxProblem("FROM a\nONBUILD FROM b\n")!, /^dockerfile:2: ONBUILD cannot trigger FROM/);
    assert.match(dockerfileSyntaxProblem("FROM a\nonbuild maintainer me\n")!, /^dockerfile:2: ONBUILD cannot trigger/);
    assert.match(dockerfileSyntaxProblem("FROM a\nONBUILD\n")!, /^dockerfile:2: ONBUILD needs an instruction/);
    assert.match(dockerfileSyntaxProblem("FROM a\nONBUILD --x RUN y\n")!, /^dockerfile:2: ONBUILD has no flag --x/);
  });

  it("accepts an ONBUILD trigger BuildKit checks only when an image is built FROM this one (issue 28)", () => {
    assert.equal(dockerfileSyntaxProblem("FROM a\nONBUILD FROMM x\n"), undefined);
    assert.equal(dockerfileSyntaxProblem("FROM a\nONBUILD RUN --mont=type=cache x\n"), undefined);
    assert.equal(dockerfileSyntaxProblem("FROM a\nONBUILD COPY onlyone\n"), undefined);
    // What BuildKit's parser itself refuses in the trigger's line is refused here too.
    assert.match(dockerfileSyntaxProblem("FROM a\nONBUILD ENV a\n")!, /^dockerfile:2: ENV a has no value/);
  });

  it("refuses FROM with other than an image, or an image, AS and a stage name", () => {
    assert.match(dockerfileSyntaxProblem("FROM a b\n")!, /^dockerfile:1: FROM takes an image and optionally AS <name>/);
    assert.match(dockerfileSyntaxProblem("FROM a AS\n")!, /^dockerfile:1: FROM takes/);
    assert.match(dockerfileSyntaxProblem("FROM a AS b c\n")!, /^dockerfile:1: FROM takes/);
    assert.match(dockerfileSyntaxProblem("FROM a AS 1st\n")!, /^dockerfile:1: FROM … AS 1st: a stage name starts/);
    assert.match(dockerfileSyntaxProblem("FROM a AS st@ge\n")!, /stage name/);
    for (const ok of ["from a as B\n", "FROM a AS b_c.d-e\n", "FROM a a\u017f b\n", "FROM a AS \u0130x\n"]) {
      assert.equal(dockerfileSyntaxProblem(ok), undefined, ok);
    }
  });

  it("refuses COPY and ADD without a destination, or with a heredoc as the destination", () => {
    assert.match(dockerfileSyntaxProblem("FROM a\nCOPY x\n")!, /^dockerfile:2: COPY needs a source and a destination/);
    assert.match(dockerfileSyntaxProblem('FROM a\nCOPY ["x"]\n')!, /^dockerfile:2: COPY needs/);
    assert.match(dockerfileSyntaxProblem("FROM a\nADD x\n")!, /^dockerfile:2: ADD needs/);
    assert.match(
      dockerfileSyntaxProblem("FROM a\nCOPY x <<EOF\nbody\nEOF\n")!,
      /^dockerfile:2: COPY cannot take a heredoc/,
    );
    assert.equal(dockerfileSyntaxProblem("FROM a\nCOPY <<EOF /x\nbody\nEOF\n"), undefined);
  });

  it("refuses flags an instruction does not take, with the closest one it takes", () => {
    assert.match(
      dockerfileSyntaxProblem("FROM a\nRUN --mont=type=cache,target=/x y\n")!,
      /^dockerfile:2: RUN has no flag --mont \(did you mean --mount\?\)/,
    );
    assert.match(
      dockerfileSyntaxProblem("FROM a\nCOPY --form=b x /y\n")!,
      /^dockerfile:2: COPY has no flag --form \(did you mean --from\?\)/,
    );
    assert.match(
      dockerfileSyntaxProblem("FROM a\nWORKDIR --x /a\n")!,
      /^dockerfile:2: WORKDIR has no flag --x; it takes no flags/,
    );
    assert.match(
      dockerfileSyntaxProblem("FROM --platfrom=linux/amd64 a\n")!,
      /^dockerfile:1: FROM has no flag --platfrom/,
    );
    // STOPSIGNAL, ARG and HEALTHCHECK NONE never read their flags in BuildKit.
    for (const ok of ["FROM a\nSTOPSIGNAL --x SIGTERM\n", "ARG --x A\nFROM a\n", "FROM a\nHEALTHCHECK --x NONE\n"]) {
      assert.equal(dockerfileSyntaxProblem(ok), undefined, ok);
    }
  });

  it("refuses flags without a value, with a bad boolean, or given twice", () => {
    assert.match(
      dockerfileSyntaxProblem("FROM a\nCOPY --from x /y\n")!,
      /^dockerfile:2: COPY flag --from needs a value/,
    );
    assert.match(dockerfileSyntaxProblem("FROM a\nCOPY --link=yes x /y\n")!, /takes true or false/);
    assert.match(dockerfileSyntaxProblem("FROM a\nCOPY --link= x /y\n")!, /--link= needs a value/);
    assert.match(dockerfileSyntaxProblem("FROM a\nCOPY --from=b --from=c x /y\n")!, /--from is given twice/);
    assert.equal(dockerfileSyntaxProblem("FROM a\nCOPY --link --exclude=a --exclude=b x /y\n"), undefined);
    assert.equal(dockerfileSyntaxProblem("FROM a\nCOPY --link=FALSE x /y\n"), undefined);
  });

  it("refuses RUN flag values BuildKit refuses while parsing: network, security, mount and device lists", () => {
    const problem = (run: string): string | undefined => dockerfileSyntaxProblem(`FROM a\n${run}\n`);
    assert.match(problem("RUN --network=bridge x")!, /^dockerfile:2: RUN --network=bridge is not a network mode/);
    assert.match(problem("RUN --security=maybe x")!, /is not sandbox or insecure/);
    assert.match(problem("RUN --mount= x")!, /is not a valid comma-separated list/);
    // The flag's own quotes are removed first: only a quote left in the value makes bad CSV.
    assert.match(problem(`RUN --mount='type="cache' x`)!, /is not a valid comma-separated list/);
    assert.equal(problem('RUN --mount=type="cache x'), undefined);
    assert.match(problem("RUN --mount=from=$STAGE,target=/x x")!, /cannot use a variable/);
    assert.match(problem("RUN --device=name=a,name=b x")!, /names the device twice/);
    assert.match(problem("RUN --device=a,required=maybe x")!, /required=maybe is not true or false/);
    // BuildKit checks a mount's type and options only when it builds the step (after expanding variables).
    for (const ok of [
      "RUN --mount=type=bogus,target=/x x",
      "RUN --mount=from=x$,target=/x x",
      "RUN --network=none x",
    ]) {
      assert.equal(problem(ok), undefined, ok);
    }
  });

  it("refuses HEALTHCHECK without CMD or NONE, and durations or retries BuildKit cannot read", () => {
    const problem = (line: string): string | undefined => dockerfileSyntaxProblem(`FROM a\n${line}\n`);
    assert.match(problem("HEALTHCHECK")!, /^dockerfile:2: HEALTHCHECK needs CMD <command> or NONE/);
    assert.match(problem("HEALTHCHECK CMD")!, /^dockerfile:2: HEALTHCHECK CMD needs a command/);
    assert.match(problem("HEALTHCHECK CMD []")!, /HEALTHCHECK CMD needs a command/);
    assert.match(problem("HEALTHCHECK NONE x")!, /HEALTHCHECK NONE takes no arguments/);
    assert.match(problem("HEALTHCHECK CONNECT x")!, /the type must be CMD or NONE/);
    assert.match(problem("HEALTHCHECK --interval=1ns CMD x")!, /--interval=1ns is less than 1ms/);
    assert.match(problem("HEALTHCHECK --interval=-1s CMD x")!, /is less than 1ms/);
    assert.match(problem("HEALTHCHECK --timeout=10 CMD x")!, /--timeout=10 is not a duration/);
    assert.match(problem("HEALTHCHECK --interval=5constructor CMD x")!, /is not a duration/);
    assert.match(problem("HEALTHCHECK --retries=-1 CMD x")!, /cannot be negative/);
    assert.match(problem("HEALTHCHECK --retries=99999999999 CMD x")!, /is not a whole number/);
    for (const ok of [
      "HEALTHCHECK none",
      "HEALTHCHECK --interval=0 --start-interval=1.5ms CMD x",
      'HEALTHCHECK CMD ["a"]',
    ]) {
      assert.equal(problem(ok), undefined, ok);
    }
  });

  it("refuses ENV and LABEL without a value, pairs without =, and names that are empty", () => {
    assert.match(dockerfileSyntaxProblem("FROM a\nENV a\n")!, /^dockerfile:2: ENV a has no value/);
    assert.match(dockerfileSyntaxProblem("FROM a\nLABEL a\n")!, /^dockerfile:2: LABEL a has no value/);
    assert.match(dockerfileSyntaxProblem("FROM a\nENV a=1 b\n")!, /^dockerfile:2: ENV "b" has no "="/);
    assert.match(dockerfileSyntaxProblem("FROM a\nENV =1\n")!, /^dockerfile:2: ENV has a pair without a name/);
    assert.match(dockerfileSyntaxProblem("FROM a\nENV\n")!, /^dockerfile:2: ENV needs name=value/);
    assert.match(dockerfileSyntaxProblem("ARG =x\nFROM a\n")!, /^dockerfile:1: ARG has a name=value without a name/);
    for (const ok of ["ENV a b c", 'ENV a="b c" d=e', 'LABEL "a b"', "LABEL a=", "ARG a b"]) {
      assert.equal(dockerfileSyntaxProblem(`FROM x\n${ok}\n`), undefined, ok);
    }
  });

  it("counts the arguments of the other instructions as BuildKit does", () => {
    const problem = (line: string): string | undefined => dockerfileSyntaxProblem(`FROM a\n${line}\n`);
    for (const [line, message] of [
      ["USER", /USER needs a user/],
      ["WORKDIR", /WORKDIR needs a path/],
      ["STOPSIGNAL", /STOPSIGNAL needs a signal/],
      ["EXPOSE", /EXPOSE needs a port/],
      ["VOLUME []", /VOLUME needs a path/],
      ['VOLUME [" "]', /VOLUME cannot name an empty path/],
      ["SHELL sh -c", /SHELL needs its arguments as a JSON array/],
      ["SHELL []", /SHELL needs a shell/],
      ["MAINTAINER", /MAINTAINER needs a name/],
    ] as const) {
      assert.match(problem(line)!, new RegExp(`^dockerfile:2: ${message.source}`), line);
    }
    // One argument to BuildKit: the rest of the line.
    for (const ok of ["USER a b", "WORKDIR a b", "STOPSIGNAL a b", "RUN", "CMD", "ENTRYPOINT"]) {
      assert.equal(problem(ok), undefined, ok);
    }
  });

  it("refuses a JSON array of arguments holding other than strings; a number Go cannot read makes it plain text", () => {
    assert.match(
      dockerfileSyntaxProblem('FROM a\nCMD ["a", 1]\n')!,
      /^dockerfile:2: CMD arguments written as a JSON array/,
    );
    assert.match(dockerfileSyntaxProblem('FROM a\nCOPY [null, "b"]\n')!, /JSON array must all be strings/);
    assert.equal(dockerfileSyntaxProblem('FROM a\nCMD [1e999, "b"]\n'), undefined);
    assert.equal(dockerfileSyntaxProblem("FROM a\nCMD ['a']\n"), undefined);
  });

  it("reads continuations as BuildKit does: an escaped escape ends the line, an escape alone continues it", () => {
    assert.match(
      dockerfileSyntaxProblem("FROM a\nRUN x \\\\\nFROMM b\n")!,
      /^dockerfile:3: unknown instruction "FROMM"/,
    );
    assert.match(dockerfileSyntaxProblem("FROM a\n\\\n")!, /^dockerfile:2: unknown instruction ""/);
    assert.equal(dockerfileSyntaxProblem("FROM a\nRUN x \\\n  # comment\n\n  y\n"), undefined);
    assert.equal(dockerfileSyntaxProblem("FROM a\nRUN x \\"), undefined);
  });

  it("reads line ends, a byte order mark and space as BuildKit does", () => {
    for (const ok of [
      "FROM a\r\r\n",
      "FROM a\nCOPY\rb c\n",
      "\uFEFFFROM a\n",
      "FROM a\nRUN\vecho\n",
      "FROM a\n\u0085\n",
    ]) {
      assert.equal(dockerfileSyntaxProblem(ok), undefined, JSON.stringify(ok));
    }
    // A byte order mark counts only at the start; U+00A0 does not separate a keyword from its arguments.
    assert.match(dockerfileSyntaxProblem("FROM a\n\uFEFFRUN x\n")!, /^dockerfile:2: unknown instruction "\uFEFFRUN"/);
    assert.match(dockerfileSyntaxProblem("FROM\u00a0a\n")!, /^dockerfile:1: unknown instruction "FROM\u00a0a"/);
  });

  it("finds heredocs as BuildKit's lexer does", () => {
    // `<< EOF` is one word to it; a quoted `<<EOF`, a JSON RUN and a line that does not lex announce none.
    assert.equal(dockerfileSyntaxProblem("FROM a\nRUN cat << EOF\nFROMM\nEOF\n"), undefined);
    assert.match(
      dockerfileSyntaxProblem('FROM a\nRUN echo "<<EOF"\nFROMM\n')!,
      /^dockerfile:3: unknown instruction "FROMM"/,
    );
    assert.match(dockerfileSyntaxProblem('FROM a\nRUN ["sh", "<<EOF"]\nFROMM\n')!, /^dockerfile:3: unknown/);
    assert.match(dockerfileSyntaxProblem('FROM a\nRUN <<EOF "open\nFROMM\nEOF\n')!, /^dockerfile:3: unknown/);
    // A terminator with trailing spaces does not close it; one with a CR does; <<- strips tabs.
    assert.match(
      dockerfileSyntaxProblem("FROM a\nRUN <<EOF\nx\nEOF \n")!,
      /^dockerfile:2: heredoc <<EOF has no closing/,
    );
    assert.equal(dockerfileSyntaxProblem("FROM a\nRUN <<EOF\r\nx\r\nEOF\r\n"), undefined);
    assert.equal(dockerfileSyntaxProblem("FROM a\nRUN <<-'E O'\n\tx\n\t\tE O\n"), undefined);
    // A line that does not lex (`${` unclosed) announces no heredoc: the next line is an instruction.
    assert.match(dockerfileSyntaxProblem("FROM a\nRUN <<${X\nx\nEOF\n")!, /^dockerfile:3: unknown instruction "x"/);
  });

  it("reads directives as BuildKit does and names the directive's own line", () => {
    assert.match(dockerfileSyntaxProblem("# escape=`\n# escape=\\\nFROM a\n")!, /^dockerfile:2: only one escape/);
    // `# check=` without a value is a comment, so the next line is not a directive either.
    assert.equal(dockerfileSyntaxProblem("# check=\n# check=error=maybe\nFROM a\n"), undefined);
    assert.match(
      dockerfileSyntaxProblem("# check=foo\nFROM a\n")!,
      /^dockerfile: the check directive has an unknown option "foo"/,
    );
    assert.match(dockerfileSyntaxProblem("# check=error=maybe\nFROM a\n")!, /error=maybe is not true or false/);
    assert.equal(dockerfileSyntaxProblem("# check=skip=all;error=true\nFROM a\n# check=whatever\n"), undefined);
  });

  it("refuses a line longer than BuildKit reads, naming it", () => {
    const long = `LABEL a=${"x".repeat(65535 - 8)}`;
    assert.equal(dockerfileSyntaxProblem(`FROM a\n${long}\n`), undefined);
    assert.match(
      dockerfileSyntaxProblem(`FROM a\n${long}x\n`)!,
      /^dockerfile:2: the line is longer than BuildKit's limit/,
    );
  });

  it("reads keywords that are names of JavaScript objects' properties as unknown instructions", () => {
    for (const word of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      assert.match(dockerfileSyntaxProblem(`FROM a\n${word} x\n`)!, /^dockerfile:2: unknown instruction/, word);
    }
  });

  it("leaves a Dockerfile for another frontend to that frontend", () => {
    assert.equal(dockerfileSyntaxProblem("# syntax=example.com/my/frontend:1\nWHATEVER\n"), undefined);
    assert.match(dockerfileSyntaxProblem("# syntax=docker/dockerfile:1.7\nWHATEVER\n")!, /unknown instruction/);
  });
});
