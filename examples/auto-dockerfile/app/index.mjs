// Prints the greeting, the app's name and version, and the Node.js version: `docker run --rm <image> node index.mjs`.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const greeting = readFileSync(new URL("./greeting.txt", import.meta.url), "utf8").trim();
console.log(`${greeting} (${pkg.name}@${pkg.version} on Node.js ${process.version})`);
