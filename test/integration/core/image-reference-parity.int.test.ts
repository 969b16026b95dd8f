// test-runner: once — compares our code with Docker's own Go code (the oracle) and talks to no engine
/**
 * Parity of image names with distribution/reference (`ParseNormalizedNamed`, as the docker CLI and the engine read a
 * name; `tools/oracle reference`): for seeded names and the cases issues named, `repositoryProblem` must accept
 * exactly the repository names it accepts (no tag, no digest), and `parseRepository` must split them into the same
 * registry and path. Two differences are kept on purpose (README, DockerBuild `imageName`) and counted apart.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRepository, repositoryProblem } from "../../../provider/core/image-reference";
import { askOracle, isRefusal } from "../../support/oracle";
import { randomImageName } from "../../support/random-image-name";
import { seededRandom } from "../../support/random-tree";

/** Seeded names tried. */
const SEEDS = 4000;

/** Names issues and reviews named. */
const NAMED = [
  "0123456789abcdef".repeat(4),
  `localhost:5000/${"0123456789abcdef".repeat(4)}`,
  "127.0.0.1:5069/acc/imp",
  "app",
  "team/app",
  "docker.io/app",
  "index.docker.io/team/app",
  "[::1]:5000/app",
  "a".repeat(247),
  "a".repeat(248),
];

/** distribution/reference's reading of one name. */
interface Parsed {
  readonly ok: boolean;
  readonly error?: string;
  readonly domain?: string;
  readonly path?: string;
  readonly nameOnly?: boolean;
}

/** Docker Hub's other names, which we read as `docker.io` (credentials, registry calls); the library keeps them. */
const HUB_ALIASES = new Set(["registry-1.docker.io", "registry.hub.docker.com"]);

/** One name compared: agreement, a kept difference, or a disagreement with both readings. */
type Outcome = "agree" | "hub alias" | "host-like path" | { readonly disagreement: string };

/** The checks compared with the library's, as functions so that the negative control can swap in wrong ones. */
interface Checks {
  readonly problem: (name: string) => string | undefined;
  readonly split: (name: string) => { registry: string; path: string };
}

const OURS: Checks = { problem: repositoryProblem, split: parseRepository };

function compare(name: string, theirs: Parsed, checks: Checks): Outcome {
  const problem = checks.problem(name);
  const theyAccept = theirs.ok && theirs.nameOnly === true;
  // Kept: a first part that looks like a host (a dot, a colon, "localhost", upper case) but is not a valid one is
  // refused; the library reads the whole name as a path on no registry at all (domain ""), which nothing serves.
  if (theyAccept && theirs.domain === "" && problem !== undefined && /invalid registry host/.test(problem)) {
    return "host-like path";
  }
  if ((problem === undefined) !== theyAccept) {
    return {
      disagreement: `${JSON.stringify(name)}: ours ${problem ?? "accepted"}, distribution/reference ${
        theirs.ok ? (theirs.nameOnly ? "accepted" : "accepted with a tag or digest") : theirs.error
      }`,
    };
  }
  if (problem !== undefined) return "agree";
  const { registry, path } = checks.split(name);
  if (HUB_ALIASES.has(theirs.domain ?? "")) return registry === "docker.io" ? "hub alias" : { disagreement: name };
  if (registry !== theirs.domain || path !== theirs.path) {
    return {
      disagreement: `${JSON.stringify(name)}: ours ${registry} | ${path}, theirs ${theirs.domain} | ${theirs.path}`,
    };
  }
  return "agree";
}

async function readings(names: readonly string[]): Promise<Parsed[]> {
  const answer = await askOracle<{ references: Parsed[] }>("reference", { names });
  if (isRefusal(answer)) throw new Error(`reference failed: ${answer.error}`);
  assert.equal(answer.references.length, names.length);
  return answer.references;
}

const names = [...NAMED, ...Array.from({ length: SEEDS }, (_, i) => randomImageName(seededRandom(i + 1)))];

describe("image names against distribution/reference (ParseNormalizedNamed)", () => {
  it("accepts the repository names it accepts, refuses the others, and splits registry and path alike", async (t) => {
    const theirs = await readings(names);
    const outcomes = names.map((name, i) => compare(name, theirs[i]!, OURS));
    const count = (kind: string) => outcomes.filter((o) => o === kind).length;
    const disagreements = outcomes.flatMap((o) => (typeof o === "object" ? [o.disagreement] : []));
    const accepted = theirs.filter((p) => p.ok && p.nameOnly).length;
    t.diagnostic(
      `${names.length} names: distribution/reference accepted ${accepted} as repository names, refused ` +
        `${names.length - accepted} (or read a tag or digest); agree ${count("agree")}, kept differences: ` +
        `Docker Hub aliases ${count("hub alias")}, host-like first parts ${count("host-like path")}; ` +
        `disagreements ${disagreements.length}`,
    );
    assert.ok(accepted > 500 && names.length - accepted > 500, "the generated names hold both verdicts in number");
    assert.ok(count("hub alias") > 0 && count("host-like path") > 0, "the kept differences are exercised");
    assert.deepEqual(disagreements.slice(0, 20), []);
    assert.match(repositoryProblem(NAMED[0]!) ?? "", /64 hexadecimal characters/, "the issue's 64-hex name");
  });

  it("finds disagreements when the checks compared are wrong ones (negative control)", async () => {
    const theirs = await readings(names);
    const wrong: Checks[] = [
      {
        problem: (name) => (/^[a-f0-9]{64}$/.test(name) ? undefined : repositoryProblem(name)),
        split: parseRepository,
      },
      { problem: repositoryProblem, split: (name) => ({ ...parseRepository(name), path: name.split("/").at(-1)! }) },
      { problem: (name) => (name.length > 200 ? undefined : repositoryProblem(name)), split: parseRepository },
    ];
    for (const checks of wrong) {
      const found = names.filter((name, i) => typeof compare(name, theirs[i]!, checks) === "object").length;
      assert.ok(found > 0, "a wrong check went unnoticed");
    }
  });
});
