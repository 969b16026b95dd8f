/**
 * Seeded image names for the image-reference parity test: registries (hosts, ports, IPv6, Docker Hub's aliases, bad
 * hosts), path components (separators, case, 64-hex strings, empty ones), tags, digests and lengths near the limits.
 */

import type { Random } from "./random-tree";

const HEX = "0123456789abcdef";

const DOMAINS = [
  "localhost",
  "localhost:5000",
  "LOCALHOST:5000",
  "127.0.0.1:5000",
  "[::1]:5000",
  "[::1]",
  "[fe80::1%eth0]:5000",
  "[zz::1]:5000",
  "example.com",
  "EXAMPLE.com",
  "sub.example-x.com:443",
  "-bad.com",
  "bad-.com",
  "a_b.com",
  "host:port",
  "host:5000:1",
  "host:",
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
  "registry.hub.docker.com",
  "Ab",
  "ab",
  "a.b",
  "",
];

const WORDS = ["app", "a", "team", "x1", "0", "web-api", "my_app", "a__b", "a___b", "a.b", "a..b", "a--b", "Aa", "ü"];

function hex(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += random.pick([...HEX]);
  return out;
}

function component(random: Random): string {
  switch (random.int(8)) {
    case 0:
      return hex(random, 64);
    case 1:
      return hex(random, random.pick([63, 65, 12]));
    case 2:
      return random.pick(["", "-a", "a-", "_a", "a_", ".a", "a.", "A"]);
    case 3:
      return "a".repeat(random.pick([120, 200, 230, 240]));
    default:
      return random.pick(WORDS);
  }
}

/** One seeded name: `[domain/]path[:tag][@digest]`, most of them repository names only. */
export function randomImageName(random: Random): string {
  const parts: string[] = [];
  if (random.chance(0.5)) parts.push(random.pick(DOMAINS));
  const count = 1 + random.int(random.chance(0.2) ? 4 : 2);
  for (let i = 0; i < count; i++) parts.push(component(random));
  let name = parts.join("/");
  if (random.chance(0.15)) name += `:${random.pick(["v1", "latest", "-bad", "a".repeat(129), "1.0_rc", ""])}`;
  if (random.chance(0.1)) name += `@sha256:${hex(random, random.pick([64, 63]))}`;
  if (random.chance(0.05)) name = name.toUpperCase();
  return name;
}
