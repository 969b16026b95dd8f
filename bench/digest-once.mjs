// One context digest in a fresh process, as the provider computes it in `check`: prints `{ ms, files, filesRead }`.
// Usage: node bench/digest-once.mjs <context> <cache-folder | off>
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const {
  contextDigestDetailed,
  readDockerignore,
  parseDockerignore,
} = require("../dist/provider/build-context/index.js");

const [contextDir, cache] = process.argv.slice(2);
const start = process.hrtime.bigint();
const excludes = parseDockerignore(await readDockerignore(contextDir));
const result = await contextDigestDetailed({
  contextDir,
  excludes,
  dockerfileContent: "FROM scratch\nCOPY . /ctx/\n",
  statCacheDir: cache === "off" ? false : cache,
});
const ms = Number(process.hrtime.bigint() - start) / 1e6;
console.log(JSON.stringify({ ms, files: result.files, filesRead: result.filesRead }));
process.exit(0);
