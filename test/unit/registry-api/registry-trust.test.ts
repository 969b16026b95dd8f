import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { rootCertificates } from "node:tls";
import { describe, it } from "node:test";
import { RegistryTlsError } from "../../../provider/core/errors";
import { readCertsDirectory, registryTlsSetup } from "../../../provider/registry-api/registry-trust";

const CA_A = "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n";
const CA_B = "-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n";

/** A certs.d folder holding `files` for `registry.example:5443`; returns the certs.d root. */
function certsDir(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "pdd-certs-d-"));
  mkdirSync(path.join(root, "registry.example:5443"));
  for (const [name, content] of Object.entries(files))
    writeFileSync(path.join(root, "registry.example:5443", name), content);
  return root;
}

describe("readCertsDirectory", () => {
  it("finds nothing when the registry has no folder", () => {
    assert.equal(readCertsDirectory("registry.example:5443", certsDir({}) + "-missing"), undefined);
  });

  it("reads every *.crt as a CA, in file name order, and ignores other files", () => {
    const root = certsDir({ "z.crt": CA_B, "ca.crt": CA_A, README: "x" });
    const folder = readCertsDirectory("registry.example:5443", root);
    assert.deepEqual(folder?.caCerts, [CA_A, CA_B]);
    assert.equal(folder?.client, undefined);
    assert.equal(folder?.dir, path.join(root, "registry.example:5443"));
  });

  it("pairs client.cert with client.key, as the engine does", () => {
    const folder = readCertsDirectory(
      "registry.example:5443",
      certsDir({ "client.cert": "CERT", "client.key": "KEY" }),
    );
    assert.deepEqual(folder?.client, { cert: "CERT", key: "KEY" });
    assert.deepEqual(folder?.caCerts, []);
  });

  it("names both files when a client certificate has no key, and says CAs end in .crt", () => {
    const root = certsDir({ "ca.cert": CA_A });
    assert.throws(
      () => readCertsDirectory("registry.example:5443", root),
      (error: unknown) =>
        error instanceof RegistryTlsError &&
        error.message.includes(path.join(root, "registry.example:5443", "ca.key")) &&
        error.message.includes(path.join(root, "registry.example:5443", "ca.cert")) &&
        error.message.includes("CA certificates must use the extension .crt"),
    );
  });

  it("names both files when a key has no client certificate", () => {
    const root = certsDir({ "client.key": "KEY" });
    assert.throws(
      () => readCertsDirectory("registry.example:5443", root),
      (error: unknown) => error instanceof RegistryTlsError && error.message.includes("client.cert"),
    );
  });
});

describe("registryTlsSetup", () => {
  const none = path.join(os.tmpdir(), "pdd-no-certs-d");

  it("leaves Node's defaults alone when nothing extra is given", () => {
    const setup = registryTlsSetup("registry.example:5443", undefined, { certsDir: none, env: {} });
    assert.equal(setup.options, undefined);
    assert.equal(setup.certsDir, path.join(none, "registry.example:5443"));
  });

  it("trusts Node's CAs, the NODE_EXTRA_CA_CERTS file, certs.d and caCert together", () => {
    const root = certsDir({ "ca.crt": CA_A });
    const extra = path.join(root, "extra.pem");
    writeFileSync(extra, "EXTRA");
    const setup = registryTlsSetup(
      "registry.example:5443",
      { caCert: CA_B },
      {
        certsDir: root,
        env: { NODE_EXTRA_CA_CERTS: extra },
      },
    );
    assert.deepEqual(setup.options?.ca, [...rootCertificates, "EXTRA", CA_A, CA_B]);
    assert.equal(setup.options?.rejectUnauthorized, true);
  });

  it("verifies nothing only with insecure", () => {
    const setup = registryTlsSetup("registry.example:5443", { insecure: true }, { certsDir: none, env: {} });
    assert.deepEqual(setup.options, { ca: undefined, cert: undefined, key: undefined, rejectUnauthorized: false });
  });

  it("presents the certs.d client pair", () => {
    const root = certsDir({ "client.cert": "CERT", "client.key": "KEY" });
    const setup = registryTlsSetup("registry.example:5443", undefined, { certsDir: root, env: {} });
    assert.equal(setup.options?.cert, "CERT");
    assert.equal(setup.options?.key, "KEY");
    assert.equal(setup.options?.ca, undefined);
  });
});
