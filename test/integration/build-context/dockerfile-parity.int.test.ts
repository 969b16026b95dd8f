// test-runner: once — compares our code with Docker's own Go code (the oracle) and talks to no engine
/**
 * Parity of the Dockerfile check with BuildKit's own parser: for BuildKit's own Dockerfiles (its parser's test files,
 * the Dockerfiles and Dockerfile literals of its module, asked through `tools/oracle buildkit-dockerfiles`), those
 * files changed, and seeded generated Dockerfiles of every kind in `random-dockerfile.ts`, `dockerfileSyntaxProblem`
 * must refuse nothing BuildKit accepts and refuse (at least 99% of) what BuildKit refuses, naming BuildKit's line
 * (BuildKit's verdict: `parser.Parse`, `instructions.Parse`, at least one stage; `tools/oracle dockerfile-verdict`).
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dockerfileSyntaxProblem } from "../../../provider/build-context/dockerfile-syntax";
import { askOracle, isRefusal } from "../../support/oracle";
import {
  DOCKERFILE_KINDS,
  mutatedDockerfile,
  randomDockerfile,
  type DockerfileKind,
} from "../../support/random-dockerfile";
import { seededRandom } from "../../support/random-tree";

/** Generated Dockerfiles per kind (seeds 1..PER_KIND; fewer of the long lines, which are alike), and changed corpus files. */
const PER_KIND = 300;
const LONG_LINES = 60;
const MUTATIONS = 600;
/** The share of BuildKit's refusals the check must catch with BuildKit's line. */
const TARGET = 0.99;

/** BuildKit's verdict on one Dockerfile, as `dockerfile-verdict` gives it. */
type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly line: number | null }
  | { readonly skipped: string };

/** One Dockerfile tried: where it came from and the text. */
interface Case {
  /** `corpus`, `corpus changed` or a generated kind. */
  readonly kind: string;
  /** The corpus path, or the seed that replays it. */
  readonly origin: string;
  readonly text: string;
}

/** BuildKit's verdicts on `texts`, in order (one oracle run). */
async function buildkitVerdicts(texts: readonly string[]): Promise<Verdict[]> {
  const answer = await askOracle<{ verdicts: Verdict[] }>("dockerfile-verdict", { dockerfiles: texts });
  if (isRefusal(answer)) throw new Error(`dockerfile-verdict failed: ${answer.error}`);
  assert.equal(answer.verdicts.length, texts.length);
  return answer.verdicts;
}

/** BuildKit's module's Dockerfiles. */
async function buildkitCorpus(): Promise<{ module: string; files: { where: string; text: string }[] }> {
  const answer = await askOracle<{ module: string; files: { where: string; text: string }[] }>(
    "buildkit-dockerfiles",
    {},
  );
  if (isRefusal(answer)) throw new Error(`buildkit-dockerfiles failed: ${answer.error}`);
  return answer;
}

/** A check's verdict: undefined (accepted), or the line its message names (0: the whole file) and the message. */
type Check = (text: string) => { line: number; message: string } | undefined;

/** Our check's verdict, the line read from the message `dockerfileSyntaxProblem` gives (as a user reads it). */
function ourVerdict(text: string): { line: number; message: string } | undefined {
  const problem = dockerfileSyntaxProblem(text);
  if (problem === undefined) return undefined;
  const match = /^dockerfile:(\d+): /.exec(problem);
  return { line: match ? Number(match[1]) : 0, message: problem };
}

/**
 * BuildKit's errors about a parser directive (and the line limit) carry the line before the one meant: its parser
 * counts those lines from 0. Our check names the directive's own line; this is kept on purpose.
 */
const COUNTED_FROM_ZERO =
  /^(only one \w+ parser directive can be used|invalid escape token|dockerfile line greater than)/;

/**
 * How our line compares with BuildKit's: the same line; both about the whole file (BuildKit names no line for a file
 * without stages, and the end of the file for one without instructions); the directive's own line where BuildKit
 * counts from 0; or different.
 */
function lineAgreement(
  ours: number,
  verdict: { error: string; line: number | null },
): "same" | "from zero" | "different" {
  if (ours === verdict.line) return "same";
  if (ours === 0 && (verdict.line === null || verdict.error === "file with no instructions")) return "same";
  if (verdict.line !== null && ours === verdict.line + 1 && COUNTED_FROM_ZERO.test(verdict.error)) return "from zero";
  return "different";
}

/** BuildKit's message without the line and what is quoted, to count refusals by kind. */
function errorKind(error: string): string {
  return error
    .replace(/^dockerfile parse error on line \d+: /, "")
    .replace(/"[^"]*"|'[^']*'|\([^)]*\)/g, "…")
    .replace(/: .*/, "")
    .slice(0, 70);
}

/** How our check did against BuildKit's verdicts. */
interface Figures {
  tried: number;
  accepted: number;
  refused: number;
  skipped: number;
  falseRefusals: Case[];
  misses: Case[];
  caught: number;
  caughtWithLine: number;
  /** Of those, the ones about the whole file (BuildKit names no line or the end of the file, we name none). */
  caughtWholeFile: number;
  /** Caught with the directive's own line where BuildKit names the line before (see COUNTED_FROM_ZERO). */
  caughtWithDirectiveLine: number;
  refusalKinds: Map<string, number>;
  wrongLines: { case: Case; ours: number; buildkit: number | null; error: string }[];
  byKind: Map<string, { tried: number; refused: number; caught: number; falseRefusals: number }>;
}

/** Compares a check's verdicts with BuildKit's on every case. */
function compare(cases: readonly Case[], verdicts: readonly Verdict[], check: Check): Figures {
  const figures: Figures = {
    tried: cases.length,
    accepted: 0,
    refused: 0,
    skipped: 0,
    falseRefusals: [],
    misses: [],
    caught: 0,
    caughtWithLine: 0,
    caughtWholeFile: 0,
    caughtWithDirectiveLine: 0,
    refusalKinds: new Map(),
    wrongLines: [],
    byKind: new Map(),
  };
  cases.forEach((c, i) => {
    const verdict = verdicts[i]!;
    const kind = figures.byKind.get(c.kind) ?? { tried: 0, refused: 0, caught: 0, falseRefusals: 0 };
    figures.byKind.set(c.kind, kind);
    kind.tried++;
    if ("skipped" in verdict) {
      figures.skipped++;
      return;
    }
    const ours = check(c.text);
    if (verdict.ok) {
      figures.accepted++;
      if (ours !== undefined) {
        figures.falseRefusals.push(c);
        kind.falseRefusals++;
      }
      return;
    }
    figures.refused++;
    kind.refused++;
    figures.refusalKinds.set(errorKind(verdict.error), (figures.refusalKinds.get(errorKind(verdict.error)) ?? 0) + 1);
    if (ours === undefined) {
      figures.misses.push(c);
      return;
    }
    figures.caught++;
    kind.caught++;
    const agreement = lineAgreement(ours.line, verdict);
    if (agreement === "same") {
      figures.caughtWithLine++;
      if (ours.line === 0) figures.caughtWholeFile++;
    } else if (agreement === "from zero") figures.caughtWithDirectiveLine++;
    else figures.wrongLines.push({ case: c, ours: ours.line, buildkit: verdict.line, error: verdict.error });
  });
  return figures;
}

/** The corpus, each corpus file changed, and PER_KIND generated files of each kind. */
function cases(corpus: readonly { where: string; text: string }[]): Case[] {
  const all: Case[] = corpus.map((f) => ({ kind: "corpus", origin: f.where, text: f.text }));
  for (let seed = 1; seed <= MUTATIONS; seed++) {
    const random = seededRandom(seed);
    const file = random.pick(corpus);
    all.push({
      kind: "corpus changed",
      origin: `${file.where} seed ${seed}`,
      text: mutatedDockerfile(random, file.text),
    });
  }
  DOCKERFILE_KINDS.forEach((kind: DockerfileKind, k) => {
    for (let seed = 1; seed <= (kind === "long lines" ? LONG_LINES : PER_KIND); seed++) {
      const random = seededRandom(seed * 100 + k);
      all.push({ kind, origin: `seed ${seed * 100 + k}`, text: randomDockerfile(random, kind) });
    }
  });
  return all;
}

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(2)}%`;

describe("the Dockerfile check against BuildKit's parser and instruction parser", () => {
  it("refuses nothing BuildKit accepts and catches BuildKit's refusals with BuildKit's line", async (t) => {
    const corpus = await buildkitCorpus();
    assert.ok(corpus.files.length >= 100, `only ${corpus.files.length} Dockerfiles in ${corpus.module}`);
    const all = cases(corpus.files);
    const figures = compare(all, await buildkitVerdicts(all.map((c) => c.text)), ourVerdict);
    const withLine = figures.caughtWithLine + figures.caughtWithDirectiveLine;
    const summary =
      `${figures.tried} Dockerfiles (${corpus.files.length} from ${corpus.module}): BuildKit accepted ` +
      `${figures.accepted}, refused ${figures.refused}, panicked on ${figures.skipped}; ` +
      `our false refusals ${figures.falseRefusals.length}; refusals caught ${figures.caught} ` +
      `(${percent(figures.caught, figures.refused)}), with BuildKit's line ${withLine} ` +
      `(${percent(withLine, figures.refused)}: ${figures.caughtWithLine} the same line, ` +
      `${figures.caughtWholeFile} of them about the whole file, ` +
      `${figures.caughtWithDirectiveLine} a directive's own line where BuildKit counts from 0)`;
    t.diagnostic(summary);
    for (const [kind, k] of figures.byKind) {
      t.diagnostic(
        `  ${kind}: ${k.tried} tried, ${k.refused} refused by BuildKit, ${k.caught} caught, ${k.falseRefusals} false refusals`,
      );
    }
    const kinds = [...figures.refusalKinds].sort((a, b) => b[1] - a[1]);
    t.diagnostic(`BuildKit's refusals by message: ${kinds.map(([k, n]) => `${n} ${k}`).join("; ")}`);
    const show = (c: Case): string => `${c.kind} (${c.origin}): ${JSON.stringify(c.text)}`;
    for (const c of figures.falseRefusals.slice(0, 15))
      t.diagnostic(`false refusal: ${show(c)} -> ${ourVerdict(c.text)?.message}`);
    for (const c of figures.misses.slice(0, 15)) t.diagnostic(`miss: ${show(c)}`);
    for (const w of figures.wrongLines.slice(0, 15)) {
      t.diagnostic(`line ${w.ours}, BuildKit's ${w.buildkit} (${w.error}): ${show(w.case)}`);
    }
    assert.ok(figures.tried >= 4000, summary);
    assert.equal(figures.falseRefusals.length, 0, `${summary}; the first false refusals are in the diagnostics`);
    assert.ok(withLine >= TARGET * figures.refused, summary);
  });

  it("finds the disagreements of checks that are wrong (negative control)", async () => {
    const corpus = await buildkitCorpus();
    const sample = cases(corpus.files).filter((_, i) => i % 10 === 0);
    const verdicts = await buildkitVerdicts(sample.map((c) => c.text));
    const right = compare(sample, verdicts, ourVerdict);
    assert.ok(right.accepted >= 100 && right.refused >= 100, `accepted ${right.accepted}, refused ${right.refused}`);
    // Accepting everything misses every refusal.
    assert.equal(compare(sample, verdicts, () => undefined).misses.length, right.refused);
    // Refusing everything refuses everything BuildKit accepts.
    const refuseAll: Check = () => ({ line: 1, message: "dockerfile:1: no" });
    assert.equal(compare(sample, verdicts, refuseAll).falseRefusals.length, right.accepted);
    // Naming the line after ours gets (almost) every line wrong.
    const oneOff: Check = (text) => {
      const ours = ourVerdict(text);
      return ours && { ...ours, line: ours.line + 1 };
    };
    const shifted = compare(sample, verdicts, oneOff);
    assert.ok(shifted.caughtWithLine + shifted.caughtWithDirectiveLine < 0.05 * right.refused);
    // A directive's line is BuildKit's line plus one, and only for directive errors.
    assert.equal(lineAgreement(2, { error: "only one escape parser directive can be used", line: 1 }), "from zero");
    assert.equal(
      lineAgreement(2, { error: "dockerfile parse error on line 1: unknown instruction: X", line: 1 }),
      "different",
    );
    // Refusing ONBUILD with a trigger BuildKit does not know (as the check once did) is a false refusal.
    const onbuild = ["FROM a\nONBUILD FROMM x\n"];
    const onbuildCase: Case[] = [{ kind: "ONBUILD triggers", origin: "issue 28", text: onbuild[0]! }];
    const strict: Check = (text) => (/ONBUILD FROMM/.test(text) ? { line: 2, message: "unknown" } : ourVerdict(text));
    assert.equal(compare(onbuildCase, await buildkitVerdicts(onbuild), strict).falseRefusals.length, 1);
  });
});
