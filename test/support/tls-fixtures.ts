/** The throwaway TLS material of `test/fixtures/tls/` (see its README), for the unit tests of the PEM checks. */

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./environment";

/** The text of one file of `test/fixtures/tls/`, e.g. `ca.pem`. */
export function tlsFixture(name: string): string {
  return readFileSync(path.join(ROOT, "test", "fixtures", "tls", name), "utf8");
}
