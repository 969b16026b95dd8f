import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { InputError } from "../core/errors";

/** The name of the ignore file the docker CLI reads at the root of a build context. */
export const DOCKERIGNORE = ".dockerignore";

/** Reads `<contextDir>/.dockerignore`; returns an empty string when the context has none. */
export async function readDockerignore(contextDir: string): Promise<string> {
  const file = path.join(contextDir, DOCKERIGNORE);
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "";
    throw new InputError("context", `Cannot read ${file} (${code ?? String(error)}); make it a readable file`, {
      cause: error,
    });
  }
}
