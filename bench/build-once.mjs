// One DockerBuild check + create in a fresh process, as the provider process runs them in `pulumi up`: prints
// `{ ms }`. Usage: node bench/build-once.mjs <context> <image name> <tag> <buildkit | classic | default> <cache-folder>
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { dockerBuildProvider } = require("../dist/provider/image-build/docker-build-provider.js");

const [context, imageName, tag, builder, cache] = process.argv.slice(2);
process.env.XDG_CACHE_HOME = cache;
const log = console.log;
console.log = () => undefined;
const start = process.hrtime.bigint();
const args = { imageName, tag, context, ...(builder === "default" ? {} : { builder }) };
const { inputs, failures } = await dockerBuildProvider.check({}, args);
if (failures?.length) throw new Error(JSON.stringify(failures));
await dockerBuildProvider.create(inputs);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
log(JSON.stringify({ ms }));
process.exit(0);
