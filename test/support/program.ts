import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT, uniqueSuffix } from "./environment";
import { removeTree, writeTree } from "./fixtures";
import { PulumiStack, type PulumiStackOptions } from "./pulumi-cli";

/** A throwaway Pulumi program (plain JavaScript) under `<root>/.tools/e2e/`, where `pulumi-docker-dynamic` resolves. */
export interface TestProgram {
  /** The program folder. */
  readonly dir: string;
  /** Its stack, on a file backend inside the folder. */
  readonly stack: PulumiStack;
  /** Deletes what the stack holds (ignoring failures: {@link PulumiStack.cleanUp}) and the folder. */
  dispose(): Promise<void>;
}

/** Writes a Pulumi program with `index.js` and extra files, and initialises its stack. */
export async function createProgram(
  name: string,
  indexJs: string,
  files: Record<string, string> = {},
  options: Pick<PulumiStackOptions, "env" | "pathPrefix"> = {},
): Promise<TestProgram> {
  const dir = path.join(ROOT, ".tools", "e2e", `${name}-${uniqueSuffix()}`);
  mkdirSync(dir, { recursive: true });
  // Plain JavaScript: `typescript: false` spares every run of the program loading TypeScript for ts-node.
  const project = `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`;
  writeTree(dir, { "Pulumi.yaml": project, "index.js": indexJs, ...files });
  const stack = new PulumiStack({ dir, ...options });
  await stack.init();
  return {
    dir,
    stack,
    async dispose() {
      await stack.cleanUp();
      removeTree(dir);
    },
  };
}

/** The `index.js` of a test program kept as a real file under `test/programs/<name>/`. */
export function programSource(name: string): string {
  return readFileSync(path.join(ROOT, "test", "programs", name, "index.js"), "utf8");
}
