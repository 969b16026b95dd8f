/**
 * Seeded random Dockerfiles for the parity test of the Dockerfile check: a valid Dockerfile made of common
 * instructions, then changed the way people get Dockerfiles wrong (or oddly right) — one kind of change per kind, so
 * the figures can say which kind a disagreement came from, and the same seed always gives the same file.
 */

import type { Random } from "./random-tree";

/** The kinds of Dockerfile generated, each a way of changing a valid one. */
export const DOCKERFILE_KINDS = [
  "misspelt keywords",
  "moved or removed FROM",
  "continuations",
  "comments in continuations",
  "directives",
  "heredocs",
  "ONBUILD triggers",
  "CRLF",
  "BOM",
  "flags",
  "argument counts",
  "whitespace",
  "quoting and escapes",
  "unusual characters",
  "long lines",
  "random edits",
] as const;

/** One kind of generated Dockerfile. */
export type DockerfileKind = (typeof DOCKERFILE_KINDS)[number];

/** Instructions BuildKit accepts, as one would write them (a few span lines: heredocs). */
const VALID = [
  "RUN echo hello",
  "RUN apt-get update && apt-get install -y curl",
  'RUN ["sh", "-c", "echo $HOME"]',
  "RUN --mount=type=cache,target=/root/.cache go build ./...",
  "RUN --mount=type=secret,id=token cat /run/secrets/token",
  "RUN --network=none true",
  "RUN <<EOF\necho one\necho two\nEOF",
  "COPY . /app",
  "COPY --from=build /out/app /usr/local/bin/app",
  "COPY --chown=1000:1000 --chmod=755 run.sh /run.sh",
  'COPY ["a b.txt", "/dest/"]',
  "COPY --link --exclude=*.md . /src",
  "COPY <<EOF /etc/config\nkey=value\nEOF",
  "ADD https://example.invalid/file.tgz /tmp/",
  "ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 x.tgz /x/",
  "ENV PATH=/usr/local/bin:$PATH",
  'ENV GREETING="hello world" OTHER=1',
  "ENV LEGACY value with spaces",
  "LABEL org.opencontainers.image.title=app",
  'LABEL "description"="a label" version=1',
  "ARG VERSION=1.0",
  "ARG TARGETARCH",
  "WORKDIR /app",
  "USER app",
  "EXPOSE 80 443/udp",
  "VOLUME /data",
  'VOLUME ["/a", "/b"]',
  'CMD ["node", "server.js"]',
  "CMD node server.js",
  'ENTRYPOINT ["/entrypoint.sh"]',
  'SHELL ["/bin/sh", "-c"]',
  "STOPSIGNAL SIGTERM",
  "HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1",
  "HEALTHCHECK NONE",
  "ONBUILD RUN echo triggered",
  "MAINTAINER someone@example.invalid",
];

/** FROM lines BuildKit accepts. */
const FROMS = [
  "FROM busybox",
  "FROM alpine:3.20 AS build",
  "FROM --platform=linux/amd64 debian:bookworm-slim",
  "from node:22 as runtime",
  "FROM ${BASE}",
  "FROM scratch",
  "FROM build AS final",
];

/** The instruction keywords, for misspellings. */
const KEYWORDS = [
  "FROM",
  "RUN",
  "COPY",
  "ADD",
  "ENV",
  "LABEL",
  "ARG",
  "WORKDIR",
  "USER",
  "EXPOSE",
  "VOLUME",
  "CMD",
  "ENTRYPOINT",
  "SHELL",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "ONBUILD",
  "MAINTAINER",
];

/** A valid Dockerfile as a list of instructions (each possibly several lines), ARGs first now and then. */
function validInstructions(random: Random): string[] {
  const out: string[] = [];
  if (random.chance(0.3)) out.push(random.pick(["ARG BASE=busybox", "ARG VERSION", "ARG A=1 B=2"]));
  out.push(random.pick(FROMS));
  const count = 1 + random.int(6);
  for (let i = 0; i < count; i++) out.push(random.chance(0.08) ? random.pick(FROMS) : random.pick(VALID));
  return out;
}

/** A word changed the way fingers change it: a letter dropped, doubled, swapped, replaced, added; or its case. */
function misspelt(random: Random, word: string): string {
  const i = random.int(word.length);
  switch (random.int(8)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    case 2:
      return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : `${word}S`;
    case 3:
      return word.slice(0, i) + random.pick([..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"]) + word.slice(i + 1);
    case 4:
      return word + random.pick(["X", "S", "_", "1", ":"]);
    case 5:
      return word.toLowerCase();
    case 6:
      return [...word].map((c) => (random.chance(0.5) ? c.toLowerCase() : c)).join("");
    default:
      return random.pick(["-", "@", "1", "ñ", "Ä"]) + word;
  }
}

/** Replaces the keyword of instruction `i` (its first word). */
function withKeyword(instruction: string, keyword: string): string {
  return instruction.replace(/^\S+/, keyword);
}

function misspeltKeywords(random: Random, lines: string[]): void {
  const times = 1 + random.int(2);
  for (let t = 0; t < times; t++) {
    const i = random.int(lines.length);
    const keyword = /^\S+/.exec(lines[i]!)?.[0] ?? random.pick(KEYWORDS);
    lines[i] = withKeyword(lines[i]!, random.chance(0.1) ? random.pick(KEYWORDS) : misspelt(random, keyword));
  }
}

function movedFrom(random: Random, lines: string[]): void {
  const from = lines.findIndex((l) => /^from\b/i.test(l));
  switch (random.int(5)) {
    case 0: // removed
      for (let i = lines.length - 1; i >= 0; i--) if (/^from\b/i.test(lines[i]!)) lines.splice(i, 1);
      break;
    case 1: // moved down
      if (from >= 0) lines.splice(Math.min(lines.length - 1, from + 1 + random.int(3)), 0, ...lines.splice(from, 1));
      break;
    case 2: // something before it
      lines.splice(Math.max(0, from), 0, random.pick([...VALID, "ARG X", "ARG X=1", "# only a comment"]));
      break;
    case 3: // only ARGs and comments
      lines.splice(0, lines.length, ...random.pick([["ARG A"], ["ARG A=1", "# FROM busybox"], ["# FROM x"], []]));
      break;
    default: // a FROM without an image, or with the image on the next line
      if (from >= 0)
        lines[from] = random.pick(["FROM", "FROM \\\n  busybox", "FROM \\\n", "FROM --platform=linux/amd64"]);
  }
}

/** The escape character the directives choose (`\` unless `# escape=` says otherwise). */
function escapeOf(lines: readonly string[]): string {
  const match = /^#\s*escape\s*=\s*(\S)/im.exec(lines.join("\n"));
  return match?.[1] === "`" ? "`" : "\\";
}

/** Splits an instruction at some of its spaces into continuation lines, with `between` lines put among them. */
function continued(random: Random, instruction: string, escape: string, between: () => string[]): string {
  if (instruction.includes("\n")) return instruction;
  const words = instruction.split(" ");
  let out = words[0]!;
  for (const word of words.slice(1)) {
    if (!random.chance(0.5)) {
      out += ` ${word}`;
      continue;
    }
    const trailing = random.pick(["", "", " ", "\t", "  "]);
    const indent = random.pick(["", "  ", "\t", "    "]);
    out += ` ${escape}${trailing}\n${[...between(), ""].join("\n")}${indent}${word}`;
  }
  return out;
}

function continuations(random: Random, lines: string[]): void {
  const escape = escapeOf(lines);
  const i = random.int(lines.length);
  lines[i] = continued(random, lines[i]!, escape, () => (random.chance(0.1) ? [""] : []));
  switch (random.int(6)) {
    case 0: // a continuation at the end of the file
      lines.push(random.pick([`RUN echo ${escape}`, escape, `${escape}  `]));
      break;
    case 1: // an escaped escape at the end: not a continuation
      lines[i] = `${lines[i]} ${escape}${escape}`;
      break;
    case 2: // a line holding only the escape
      lines.splice(i, 0, escape);
      break;
    case 3: // a continuation whose next line is a keyword
      lines.splice(i, 0, `RUN echo ${escape}`);
      break;
    default:
  }
}

function commentsInContinuations(random: Random, lines: string[]): void {
  const escape = escapeOf(lines);
  const comment = (): string[] =>
    random.chance(0.5)
      ? [
          random.pick([
            "# a comment",
            "  # indented comment",
            "#",
            `# ends with the escape ${escape}`,
            "# RUN not an instruction",
            "\t#tab",
            "",
            "   ",
          ]),
        ]
      : [];
  const i = random.int(lines.length);
  lines[i] = continued(random, lines[i]!, escape, comment);
  if (random.chance(0.3)) lines.splice(random.int(lines.length + 1), 0, random.pick(["# comment", "#", "  # x"]));
}

function directives(random: Random, lines: string[]): void {
  const pool = [
    "# syntax=docker/dockerfile:1",
    "#syntax = docker/dockerfile:1.7",
    "# syntax=docker/dockerfile-upstream:master",
    "# escape=`",
    "# escape=\\",
    "# ESCAPE = `",
    `# escape=${random.pick(["x", "``", "/", "'"])}`,
    "# check=skip=all",
    "# check=error=true",
    random.pick([
      "# check=foo",
      "# check=error=maybe",
      "# check=skip=a;error=1",
      "#check = skip=all ; experimental=all",
    ]),
    random.pick(["# check=skip=all;error=true;x=1", "# check=skip=all error=x", "// check=foo", "# check="]),
    "# foo=bar",
    "# a comment",
    "",
    "#",
  ];
  const header = Array.from({ length: 1 + random.int(3) }, () => random.pick(pool));
  if (random.chance(0.2)) header.push(header[0]!);
  lines.unshift(...header);
  const escape = escapeOf(lines);
  if (random.chance(0.6)) {
    const i = header.length + random.int(lines.length - header.length);
    lines[i] = continued(random, lines[i]!, escape, () => []);
  }
  if (escape === "`" && random.chance(0.5)) lines.push("COPY a c:\\dir\\");
  if (random.chance(0.2)) lines.push(random.pick(["# escape=`", "# syntax=docker/dockerfile:1"]));
}

function heredocs(random: Random, lines: string[]): void {
  const name = random.pick(["EOF", "END", "'EOF'", '"EOF"', "E\\OF", "$EOF", "-EOF"]);
  const bare = name.replace(/^['"]|['"]$/g, "").replace("\\", "");
  const body = random.pick([
    "echo hi",
    "FROMM x\nRUNN y",
    "",
    "EOF2",
    "\techo tabbed",
    "  EOF",
    "EOF ",
    "#",
    `echo \\`,
  ]);
  const terminator = random.pick([bare, bare, `\t${bare}`, `${bare} `, `${bare}\r`, "", "EOFX"]);
  const forms = [
    `RUN <<${name}\n${body}\n${terminator}`,
    `RUN <<-${name}\n\t${body}\n${terminator}`,
    `RUN cat <<${name} | sh\n${body}\n${terminator}`,
    `RUN << ${name}\n${body}\n${terminator}`,
    `RUN <<- ${name}\n${body}\n${terminator}`,
    `RUN 3<<${name} cat /dev/fd/3\n${body}\n${terminator}`,
    `COPY <<${name} /dest\n${body}\n${terminator}`,
    `COPY <<A <<B /dest/\na\nA\nb\nB`,
    `ADD <<${name} /dest\n${body}\n${terminator}`,
    `COPY src <<${name}\n${body}\n${terminator}`,
    `ONBUILD RUN <<${name}\n${body}\n${terminator}`,
    `RUN ["sh", "-c", "cat <<EOF"]\n${body}\n${terminator}`,
    `RUN echo "<<EOF"\n${body}`,
    `RUN echo <<EOF "unbalanced\n${body}\nEOF`,
    `RUN echo \${x:-<<EOF}\n${body}\nEOF`,
    `RUN <<EOF<<END\n${body}\nEOF`,
    `RUN <<''\n${body}\n`,
    `run <<EOF\n${body}\nEOF`,
    `ENV A=<<EOF\n${body}\nEOF`,
    `RUN <<EOF\n${body}`,
  ];
  lines.splice(1 + random.int(lines.length), 0, random.pick(forms));
}

function onbuildTriggers(random: Random, lines: string[]): void {
  const trigger = random.pick([
    random.pick(VALID.filter((v) => !v.startsWith("ONBUILD"))),
    misspelt(random, random.pick(KEYWORDS)) + " x",
    "FROM busybox",
    "from busybox",
    "MAINTAINER me",
    "ONBUILD RUN x",
    "onbuild",
    "",
    "RUN --mont=type=cache x",
    "ENV a",
    "ENV a=1 b",
    'RUN ["a", 1]',
    "COPY onlyone",
    "HEALTHCHECK",
    "FROMM x",
    "   RUN x",
  ]);
  const flags = random.pick(["", "", "", "--x ", "--platform=linux/amd64 "]);
  lines.splice(1 + random.int(lines.length), 0, `${random.pick(["ONBUILD", "onbuild", "OnBuild"])} ${flags}${trigger}`);
}

function crlf(random: Random, lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const ending = random.pick(["\r", "\r", "", "\r\r"]);
    lines[i] = lines[i]!.split("\n").join(`${ending}\n`) + ending;
  }
  if (random.chance(0.3)) {
    const i = random.int(lines.length);
    lines[i] = lines[i]!.replace(" ", random.pick([" \r ", "\r"]));
  }
}

function bom(random: Random, lines: string[]): void {
  switch (random.int(4)) {
    case 0:
      lines[0] = `\uFEFF${lines[0]}`;
      break;
    case 1:
      lines.unshift(`\uFEFF${random.pick(["# escape=`", "# syntax=docker/dockerfile:1", "", "# comment"])}`);
      break;
    case 2: {
      const i = random.int(lines.length);
      lines[i] = `\uFEFF${lines[i]}`;
      break;
    }
    default: {
      const i = random.int(lines.length);
      lines[i] = lines[i]!.replace(" ", " \uFEFF");
    }
  }
}

/** Flags to try on each instruction: some valid, some misspelt, without a value, with a bad value, repeated. */
const FLAGS: Readonly<Record<string, readonly string[]>> = {
  RUN: [
    "--mount=type=cache,target=/x",
    "--mount=type=bind,source=.,target=/src,rw",
    "--mount=",
    '--mount=type="cache',
    "--mount=from=$STAGE,target=/x",
    "--mount=from=x$,target=/x",
    "--mount=type=bogus,target=/x",
    "--mount",
    "--mont=type=cache,target=/x",
    "--network=none",
    "--network=host",
    "--network=bridge",
    "--network",
    "--security=insecure",
    "--security=maybe",
    "--device=/dev/fuse",
    "--device=name=a,name=b",
    "--device=",
    "--device=a,required=maybe",
  ],
  COPY: [
    "--from=build",
    "--from",
    "--form=build",
    "--chown=1:1",
    "--chmod=644",
    "--link",
    "--link=false",
    "--link=yes",
    "--link=",
    "--parents",
    "--exclude=*.md",
    "--exclude",
    "--checksum=sha256:00",
  ],
  ADD: ["--checksum=sha256:00", "--keep-git-dir=true", "--unpack", "--unpack=maybe", "--link", "--from=x", "--chown"],
  FROM: ["--platform=linux/arm64", "--platform", "--platfrom=linux/amd64", "--plat=$BUILDPLATFORM"],
  HEALTHCHECK: [
    "--interval=5s",
    "--interval=1ns",
    "--interval=0",
    "--interval=abc",
    "--interval=1.5m",
    "--interval=-1s",
    "--timeout=10",
    "--start-period=1h30m",
    "--start-interval=500us",
    "--retries=3",
    "--retries=-1",
    "--retries=x",
    "--retries=99999999999",
    "--retry=3",
    "--interval=5constructor",
    "--timeout=1__proto__",
  ],
  OTHER: ["--x", "--platform=linux/amd64", "--", "--chown=1"],
};

/** An instruction of each kind that takes flags, to put flags on. */
const FLAGGED = ["RUN true", "COPY a /b", "ADD a /b", "FROM busybox", "HEALTHCHECK CMD true", "HEALTHCHECK NONE"];

function flags(random: Random, lines: string[]): void {
  const times = 1 + random.int(3);
  for (let t = 0; t < times; t++) {
    if (random.chance(0.5)) lines.splice(1 + random.int(lines.length), 0, random.pick(FLAGGED));
    const i = random.int(lines.length);
    const keyword = (/^\S+/.exec(lines[i]!)?.[0] ?? "").toUpperCase();
    const pool = FLAGS[keyword] ?? FLAGS.OTHER!;
    const flag = random.pick(pool);
    const quoted = random.chance(0.1) ? flag.replace("=", '="') + '"' : flag;
    lines[i] = lines[i]!.replace(/^(\S+)/, `$1 ${quoted}${random.chance(0.1) ? ` ${quoted}` : ""}`);
  }
}

/** Instructions with too few, too many or malformed arguments, and a few that look wrong but BuildKit accepts. */
const ARGUMENT_CASES = [
  "FROM a b",
  "FROM a AS",
  "FROM a AS b c",
  "FROM a as 9stage",
  "FROM a AS Stage_1.x-y",
  "FROM a AS st@ge",
  "FROM a from b",
  "COPY x",
  'COPY ["x"]',
  "COPY []",
  "COPY [1, 2]",
  "ADD x",
  "USER",
  "USER a b",
  "WORKDIR",
  "WORKDIR a b",
  "ENV a",
  "ENV a b",
  "ENV a=1 b",
  "ENV =1",
  "ENV",
  "LABEL a",
  'LABEL "a b"',
  "LABEL a=",
  "LABEL",
  "ARG",
  "ARG =x",
  "ARG a b",
  "HEALTHCHECK",
  "HEALTHCHECK CMD",
  "HEALTHCHECK CMD []",
  "HEALTHCHECK NONE x",
  "HEALTHCHECK none",
  "HEALTHCHECK BOGUS x",
  'HEALTHCHECK CMD ["a", 1]',
  "SHELL sh -c",
  "SHELL []",
  "SHELL",
  "CMD",
  "RUN",
  "ENTRYPOINT",
  "ENTRYPOINT []",
  'CMD ["a", 1]',
  'RUN ["a", null]',
  "RUN [1e999]",
  'RUN ["a" "b"]',
  "EXPOSE",
  "VOLUME",
  "VOLUME []",
  'VOLUME [""]',
  'VOLUME [" "]',
  "STOPSIGNAL",
  "STOPSIGNAL a b",
  "MAINTAINER",
  "ONBUILD",
];

function argumentCounts(random: Random, lines: string[]): void {
  const times = 1 + random.int(2);
  for (let t = 0; t < times; t++) {
    if (random.chance(0.6)) lines.splice(1 + random.int(lines.length), 0, random.pick(ARGUMENT_CASES));
    else {
      // Drop or add an argument of an existing single-line instruction.
      const i = random.int(lines.length);
      const words = lines[i]!.split(" ");
      if (lines[i]!.includes("\n")) continue;
      if (random.chance(0.5) && words.length > 1) words.splice(1 + random.int(words.length - 1), 1);
      else words.splice(1 + random.int(words.length), 0, random.pick(["extra", "AS", "x=y", "--z"]));
      lines[i] = words.join(" ");
    }
  }
}

function whitespace(random: Random, lines: string[]): void {
  const space = (): string => random.pick(["\t", "\v", "\f", "\u00a0", "\u2003", "\u0085", "  ", " \t "]);
  const times = 1 + random.int(3);
  for (let t = 0; t < times; t++) {
    const i = random.int(lines.length);
    switch (random.int(4)) {
      case 0: // between keyword and arguments
        lines[i] = lines[i]!.replace(" ", space());
        break;
      case 1: // leading
        lines[i] = space() + lines[i];
        break;
      case 2: // trailing
        lines[i] = lines[i] + space();
        break;
      default: // a line of it
        lines.splice(i, 0, space());
    }
  }
}

/** Lines that lean on quoting and escaping: JSON arrays, quoted words, escaped spaces, heredoc names that lex oddly. */
const QUOTING = [
  'CMD ["a",]',
  "CMD ['a', 'b']",
  "RUN [ ]",
  'RUN [["nested"]]',
  'RUN {"a": 1}',
  'RUN ["a"] trailing',
  'CMD [1e999, "b"]',
  'COPY [1e999, "b"] /x',
  'COPY ["a", "<<EOF"]\nbody\nEOF',
  'ENV a="b c" d=\\"e',
  "ENV a=b\\ c",
  'ENV "a b"',
  "ENV 'a=b",
  'ENV a="unclosed',
  "LABEL a=b\\",
  "LABEL a\\ b=c",
  "ARG 'a b'=c",
  "ARG =",
  'FROM "a b"',
  "COPY --chown='a b' x /y",
  'COPY --chown="unclosed x /y',
  "COPY --chown=a\\ b x /y",
  "COPY --\\from=x a /b",
  "RUN --network='none' true",
  'RUN --network="none true',
  "RUN -- --network=bogus",
  "RUN --mount=type=cache,target=/x,from=\\$X true",
  "RUN <<'E O F'\nbody\nE O F",
  'RUN <<"EOF\nbody\nEOF',
  "RUN <<${X:-EOF}\nbody\n${X:-EOF}",
  "RUN <<${X\nbody",
  "RUN <<${}\nbody",
  "RUN <<${X:#a}\nbody",
  "RUN <<$\nbody\n$",
  "RUN <<'a'b\"c\"\nbody\nabc",
  'RUN <<""\nbody',
  "RUN echo ${X:-a b}<<EOF\nbody\nEOF",
  "RUN abc${X:-y}<<EOF\nbody\nEOF",
  "RUN <<EOF${X:-y}\nbody\nEOF",
  "RUN \\<<EOF\nbody",
  "RUN <<EOF \\\n  && echo\nbody\nEOF",
  "RUN <<EOF1 <<EOF2\na\nEOF1\nb\nEOF2",
  "RUN <<EOF1 <<EOF2\na\nEOF1",
  "COPY <<EOF <<EOF /x\na\nEOF\nb\nEOF",
];

function quotingAndEscapes(random: Random, lines: string[]): void {
  const times = 1 + random.int(2);
  for (let t = 0; t < times; t++) lines.splice(1 + random.int(lines.length), 0, random.pick(QUOTING));
}

/** Lines with characters that Go and JavaScript treat differently: spaces, case folding, UTF-8 bytes read alone. */
const UNUSUAL = [
  "ENV a\u00a0b",
  "ENV a=1\u00a0b=2",
  "LABEL a\u0085b",
  "EXPOSE\u00a080",
  "EXPOSE 80\u00a081",
  "FROM\u00a0busybox",
  "FROM a\u2003AS\u2003b",
  "FROM a a\u017f b",
  "FROM a AS \u017ftage",
  "FROM a AS \u212aelvin",
  "FROM a AS \u0130x",
  "FROM a AS \u00e9t\u00e9",
  "MA\u0130NTAINER me",
  "HEALTHCHEC\u212a NONE",
  '\u017fHELL ["sh"]',
  "ONBUILD MA\u0131NTA\u0131NER me",
  "ONBUILD \u0131NBUILD x",
  "COPY --chown=\u00e0 a /b",
  "COPY --chown=\u00e0 a",
  "COPY --\u00e0=x a /b",
  "RUN --network=n\u00f6ne true",
  "HEALTHCHECK NONE\u00a0x",
  "HEALTHCHECK CMD\u00a0x",
  "HEALTHCHECK \u00e0 x",
  "USER \u2028",
  "WORKDIR\u3000/app",
  "RUN\u000becho",
  "ARG a\u0000b",
  "VOLUME \u00a0",
  "\u00a0",
  "\u200b",
  "FROM busybox\u200b",
  "RUN <<E\u00d6F\nbody\nE\u00d6F",
  "constructor x",
  "__proto__ x",
  "toString",
  "ONBUILD hasOwnProperty x",
  "RUN --__proto__=1 true",
];

function unusualCharacters(random: Random, lines: string[]): void {
  const times = 1 + random.int(2);
  for (let t = 0; t < times; t++) lines.splice(1 + random.int(lines.length), 0, random.pick(UNUSUAL));
}

/** A line near BuildKit's limit of 65535 bytes per line, in an instruction, a continuation or a heredoc. */
function longLines(random: Random, lines: string[]): void {
  const size = random.pick([65535 - 10, 65535 - 9, 65535 - 8, 65535 - 7, 70000, 65535]);
  const long = random.pick(["LABEL a=", "RUN echo ", "ARG A=", ""]);
  const line =
    (long + "x".repeat(Math.max(0, size - long.length))).slice(0, Math.max(long.length, size - 2)) +
    random.pick(["", "\u00e9", "\r"]);
  const at = random.int(lines.length + 1);
  lines.splice(at, 0, random.pick([line, `RUN echo \\\n${line}`, `RUN <<EOF\n${line}\nEOF`, `# ${line}`]));
}

/** What random edits insert: the characters the parser treats specially, and a few words. */
const EDIT_PIECES = [
  ...("\\`\"'<$" + "{}[],=#-:\n\r\t /"),
  "<<",
  "<<-",
  "${",
  "--",
  " \\\n",
  "\u00a0",
  "\uFEFF",
  "EOF",
  "FROM ",
  "AS ",
  "\n#",
];

/** One to four edits at random places: a piece inserted, a character deleted or replaced. */
function randomEdits(random: Random, lines: string[]): void {
  let text = lines.join("\n");
  const edits = 1 + random.int(4);
  for (let e = 0; e < edits; e++) {
    const at = random.int(text.length + 1);
    const piece = random.pick(EDIT_PIECES);
    const r = random.next();
    if (r < 0.5) text = text.slice(0, at) + piece + text.slice(at);
    else if (r < 0.75) text = text.slice(0, at) + text.slice(at + 1);
    else text = text.slice(0, at) + piece + text.slice(at + 1);
  }
  lines.splice(0, lines.length, ...text.split("\n"));
}

const KINDS: Readonly<Record<DockerfileKind, (random: Random, lines: string[]) => void>> = {
  "misspelt keywords": misspeltKeywords,
  "moved or removed FROM": movedFrom,
  continuations,
  "comments in continuations": commentsInContinuations,
  directives,
  heredocs,
  "ONBUILD triggers": onbuildTriggers,
  CRLF: crlf,
  BOM: bom,
  flags,
  "argument counts": argumentCounts,
  whitespace,
  "quoting and escapes": quotingAndEscapes,
  "unusual characters": unusualCharacters,
  "long lines": longLines,
  "random edits": randomEdits,
};

/** Changes `lines` the way of `kind` (an empty list gets an empty line first: the changes pick a line). */
function change(random: Random, kind: DockerfileKind, lines: string[]): void {
  if (lines.length === 0) lines.push("");
  KINDS[kind](random, lines);
}

/**
 * A Dockerfile of `kind`: a valid one changed that way, and now and then changed a second way too (so kinds meet, e.g.
 * a heredoc inside a CRLF file).
 */
export function randomDockerfile(random: Random, kind: DockerfileKind): string {
  const lines = validInstructions(random);
  change(random, kind, lines);
  if (random.chance(0.25)) change(random, random.pick(DOCKERFILE_KINDS), lines);
  return lines.join("\n") + random.pick(["\n", "\n", "", "\n\n"]);
}

/** A Dockerfile of BuildKit's module changed one way, so its structure meets the changes above. */
export function mutatedDockerfile(random: Random, text: string): string {
  const lines = text.split("\n");
  change(random, random.pick(DOCKERFILE_KINDS), lines);
  return lines.join("\n");
}
