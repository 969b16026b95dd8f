import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { removeTree } from "../fixtures";
import type { SigningKey } from "./jwt";

/** Makes a throwaway RSA key and a self-signed certificate for it with openssl. */
export function makeSigningKey(): SigningKey {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pdd-token-key-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=pdd-token-issuer"].concat([
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
      ]),
      { cwd: dir, stdio: "pipe" },
    );
    return {
      privateKey: readFileSync(path.join(dir, "key.pem"), "utf8"),
      certificate: readFileSync(path.join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    removeTree(dir);
  }
}
