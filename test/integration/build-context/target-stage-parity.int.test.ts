// test-runner: once — compares our code with Docker's own Go code (the oracle) and talks to no engine
/**
 * Parity of the stage a `target` selects with BuildKit's own code (`tools/oracle target-stage`): for seeded
 * Dockerfiles of scratch stages, named or not (names in mixed case, with characters outside ASCII that Go lower-
 * cases or folds to ASCII, given to two stages at times, `AS` in any case) and targets made from their names (case
 * changed, letters swapped for those characters, typos, numbers, `stage-<n>`), `buildkitTargetStage` must select the
 * stage BuildKit's Dockerfile converter builds (dockerfile2llb: `resolveTarget`, `findStateByName`), and
 * `classicTargetStage` the stage `instructions.HasStage` finds, as moby's classic builder asks it; the Dockerfile check
 * must accept exactly the files BuildKit accepts.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildkitTargetStage,
  checkDockerfile,
  classicTargetStage,
  type DockerfileStage,
} from "../../../provider/build-context";
import { equalFold, goLower } from "../../../provider/build-context/go-text";
import { askOracle, isRefusal } from "../../support/oracle";
import { seededRandom, type Random } from "../../support/random-tree";

/** Seeded cases tried. */
const CASES = 3000;

/** Which stage (index) each builder selects, as the oracle answers; null for none. */
interface Theirs {
  readonly buildkit: number | null;
  readonly buildkitError?: string;
  readonly classic: number | null;
  readonly skipped?: string;
}

/** One case: a Dockerfile and a non-empty target. */
interface Case {
  readonly dockerfile: string;
  readonly target: string;
}

/** Letters and the characters outside ASCII that Go maps to or from them: U+0130 (İ), U+212A (Kelvin), U+017F (ſ). */
const NAME_START = ["a", "b", "i", "k", "s", "B", "I", "K", "S", "\u0130", "\u212A", "\u017F"];
const NAME_REST = [...NAME_START, "0", "9", "-", "_", "."];

function randomName(random: Random): string {
  let name = random.pick(NAME_START);
  for (let i = random.int(6); i > 0; i--) name += random.pick(NAME_REST);
  return name;
}

/** `name` changed as a user might: case, letters swapped for their look-alikes, a typo, or nothing. */
function respelled(random: Random, name: string): string {
  const swaps: Record<string, string[]> = {
    i: ["I", "\u0130"],
    I: ["i", "\u0130"],
    k: ["K", "\u212A"],
    K: ["k", "\u212A"],
    s: ["S", "\u017F"],
    S: ["s", "\u017F"],
    "\u0130": ["i", "I"],
    "\u212A": ["k", "K"],
    "\u017F": ["s", "S"],
  };
  switch (random.int(5)) {
    case 0:
      return name;
    case 1:
      return name.toUpperCase();
    case 2:
      return name.toLowerCase();
    case 3:
      return [...name].map((ch) => (swaps[ch] && random.chance(0.6) ? random.pick(swaps[ch]) : ch)).join("");
    default:
      return name.slice(0, -1) + random.pick(NAME_REST);
  }
}

function randomCase(random: Random): Case {
  const names: string[] = [];
  const lines: string[] = [];
  const stages = 1 + random.int(4);
  for (let i = 0; i < stages; i++) {
    let as = "";
    if (random.chance(0.8)) {
      const name = names.length > 0 && random.chance(0.25) ? respelled(random, random.pick(names)) : randomName(random);
      names.push(name);
      as = ` ${random.pick(["AS", "as", "As", "aS", "a\u017F"])} ${name}`;
    }
    lines.push(`FROM scratch${as}`, `LABEL pdd.stage=${i}`);
  }
  const target =
    names.length > 0 && random.chance(0.8)
      ? respelled(random, random.pick(names))
      : random.pick([randomName(random), "0", `${random.int(stages)}`, `stage-${random.int(stages)}`]);
  return { dockerfile: lines.join("\n") + "\n", target };
}

type Lookup = (stages: readonly DockerfileStage[], target: string) => DockerfileStage | undefined;

/** The outcome of one case: agreement, both refusing the file, or a disagreement with both sides. */
type Outcome = "agree" | "refused" | { readonly disagreement: string };

function compare(c: Case, theirs: Theirs, buildkit: Lookup, classic: Lookup): Outcome {
  const checked = checkDockerfile(c.dockerfile);
  const shown = `${JSON.stringify(c.dockerfile)} target ${JSON.stringify(c.target)}`;
  if (theirs.skipped !== undefined) {
    if (/^BuildKit refuses the Dockerfile/.test(theirs.skipped) && checked.kind === "refused") return "refused";
    return { disagreement: `${shown}: ours ${checked.kind}, BuildKit ${theirs.skipped}` };
  }
  if (checked.kind !== "accepted") return { disagreement: `${shown}: ours ${checked.kind}, BuildKit accepts it` };
  const ours = {
    buildkit: buildkit(checked.stages, c.target)?.index ?? null,
    classic: classic(checked.stages, c.target)?.index ?? null,
  };
  if (ours.buildkit === theirs.buildkit && ours.classic === theirs.classic) return "agree";
  return {
    disagreement: `${shown}: ours ${JSON.stringify(ours)}, Docker's ${JSON.stringify({
      buildkit: theirs.buildkit,
      classic: theirs.classic,
    })}`,
  };
}

const cases = Array.from({ length: CASES }, (_, i) => randomCase(seededRandom(i + 1)));

async function answers(): Promise<Theirs[]> {
  const answer = await askOracle<{ answers: Theirs[] }>("target-stage", { cases });
  if (isRefusal(answer)) throw new Error(`target-stage failed: ${answer.error}`);
  assert.equal(answer.answers.length, cases.length);
  return answer.answers;
}

describe("the stage a target selects, against BuildKit's converter and instructions.HasStage", () => {
  it("selects the stage each builder selects, and accepts the Dockerfiles BuildKit accepts", async (t) => {
    const theirs = await answers();
    const outcomes = cases.map((c, i) => compare(c, theirs[i]!, buildkitTargetStage, classicTargetStage));
    const disagreements = outcomes.flatMap((o) => (typeof o === "object" ? [o.disagreement] : []));
    const compared = theirs.filter((a) => a.skipped === undefined);
    const bothFind = compared.filter((a) => a.buildkit !== null && a.classic !== null).length;
    const onlyBuildkit = compared.filter((a) => a.buildkit !== null && a.classic === null).length;
    const onlyClassic = compared.filter((a) => a.buildkit === null && a.classic !== null).length;
    const neither = compared.filter((a) => a.buildkit === null && a.classic === null).length;
    const otherStage = compared.filter((a) => a.buildkit !== null && a.classic !== null && a.buildkit !== a.classic);
    t.diagnostic(
      `${cases.length} cases: BuildKit refused the file in ${outcomes.filter((o) => o === "refused").length}; of ` +
        `${compared.length} compared, both builders find a stage in ${bothFind} (another stage each in ` +
        `${otherStage.length}), only BuildKit in ${onlyBuildkit}, only the classic builder in ${onlyClassic}, ` +
        `neither in ${neither}; disagreements ${disagreements.length}`,
    );
    // The cases hold every way the builders differ, so the comparison is not only of easy ones.
    for (const [what, count] of Object.entries({ bothFind, onlyBuildkit, onlyClassic, neither })) {
      assert.ok(count > 10, `${what} is exercised (${count})`);
    }
    assert.ok(otherStage.length > 10, "a name given twice is exercised");
    assert.deepEqual(disagreements.slice(0, 20), []);
  });

  it("finds disagreements when a lookup compared is a wrong one (negative control)", async () => {
    const theirs = await answers();
    // Each wrong lookup serves on either side: BuildKit's way on the classic side, and the other way round.
    const firstLowered: Lookup = (stages, target) => stages.find((s) => s.name === goLower(target));
    const asciiLower: Lookup = (stages, target) => stages.findLast((s) => s.name === target.toLowerCase());
    const lastFolded: Lookup = (stages, target) =>
      stages.findLast((s) => s.name !== undefined && equalFold(target, s.name));
    const wrong: [string, Lookup, Lookup][] = [
      ["BuildKit taking the first stage of a name", firstLowered, classicTargetStage],
      ["BuildKit lower-casing ASCII only (JavaScript's toLowerCase)", asciiLower, classicTargetStage],
      ["BuildKit folding like the classic builder", lastFolded, classicTargetStage],
      ["the classic builder taking the last stage of a name", buildkitTargetStage, lastFolded],
      ["the classic builder lower-casing like BuildKit", buildkitTargetStage, firstLowered],
    ];
    for (const [what, buildkit, classic] of wrong) {
      const found = cases.filter((c, i) => typeof compare(c, theirs[i]!, buildkit, classic) === "object").length;
      assert.ok(found > 0, `${what} went unnoticed`);
    }
  });
});
