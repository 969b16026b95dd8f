import * as path from "node:path";
import type { EngineFiles } from "../../provider/engine/docker-context-store";
import type { ResolutionSources } from "../../provider/engine/engine-resolution";
import { contextId } from "../../provider/engine/docker-context-store";

/** An in-memory file tree for connection resolution: absolute path → text. */
export function memoryFiles(tree: Readonly<Record<string, string>>): EngineFiles {
  return {
    read: (file) => tree[file],
    list: (dir) => [
      ...new Set(
        Object.keys(tree)
          .filter((f) => f.startsWith(`${dir}/`))
          .map((f) => f.slice(dir.length + 1).split("/")[0] ?? ""),
      ),
    ],
    exists: (file) => tree[file] !== undefined,
  };
}

/** Resolution sources with `env`, the in-memory `tree` and the home folder `/home/ann`. */
export function sourcesOf(env: NodeJS.ProcessEnv, tree: Readonly<Record<string, string>> = {}): ResolutionSources {
  return { env, files: memoryFiles(tree), home: "/home/ann" };
}

/** The files the docker CLI writes for a context (`docker context create`): meta.json and the TLS files given. */
export function contextFiles(
  configDir: string,
  name: string,
  endpoint: { readonly Host: string; readonly SkipTLSVerify?: boolean },
  tls: { readonly ca?: string; readonly cert?: string; readonly key?: string } = {},
): Record<string, string> {
  const id = contextId(name);
  const files: Record<string, string> = {
    [path.join(configDir, "contexts", "meta", id, "meta.json")]: JSON.stringify({
      Name: name,
      Metadata: {},
      Endpoints: { docker: { SkipTLSVerify: false, ...endpoint } },
    }),
  };
  for (const [key, text] of Object.entries(tls)) {
    if (text !== undefined) files[path.join(configDir, "contexts", "tls", id, "docker", `${key}.pem`)] = text;
  }
  return files;
}
