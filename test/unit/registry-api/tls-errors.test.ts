import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RegistryTlsError } from "../../../provider/core/errors";
import { registryTlsError, tlsFailure } from "../../../provider/registry-api/tls-errors";

/** An error like the one fetch throws: a TypeError whose cause carries the TLS code. */
function fetchFailure(code: string, message: string): Error {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

describe("tlsFailure", () => {
  for (const code of ["SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "DEPTH_ZERO_SELF_SIGNED_CERT"]) {
    it(`counts ${code} as an unknown CA, directly or as fetch's cause`, () => {
      assert.equal(tlsFailure(Object.assign(new Error("x"), { code })), "unknown-ca");
      assert.equal(tlsFailure(fetchFailure(code, "x")), "unknown-ca");
    });
  }

  it("tells a wrong host name, an expired certificate and a refused client certificate apart", () => {
    assert.equal(tlsFailure(fetchFailure("ERR_TLS_CERT_ALTNAME_INVALID", "x")), "wrong-host");
    assert.equal(tlsFailure(fetchFailure("CERT_HAS_EXPIRED", "x")), "expired");
    assert.equal(tlsFailure(fetchFailure("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "x")), "client-certificate");
    assert.equal(tlsFailure(fetchFailure("ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE", "x")), "client-certificate");
  });

  it("does not count a refused connection or a plain-HTTP server as a certificate problem", () => {
    assert.equal(tlsFailure(fetchFailure("ECONNREFUSED", "x")), undefined);
    assert.equal(tlsFailure(fetchFailure("ERR_SSL_WRONG_VERSION_NUMBER", "x")), undefined);
    assert.equal(tlsFailure(new Error("no code")), undefined);
  });
});

describe("registryTlsError", () => {
  // Port 1 on loopback: nothing answers, so the certificate's names are unknown and the message says so plainly.
  const origin = "https://127.0.0.1:1";
  const certsDir = "/etc/docker/certs.d/registry.example:5443";

  it("says which CA is missing and every place it can go, with Node's reason in parentheses, never alone", async () => {
    const cause = fetchFailure("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain");
    const error = await registryTlsError("registry.example:5443", origin, "unknown-ca", certsDir, cause);
    assert.ok(error instanceof RegistryTlsError);
    assert.equal(error.cause, cause);
    assert.equal(
      error.message,
      'Registry "registry.example:5443" at https://127.0.0.1:1 presented its certificate, but the CA that signed it ' +
        "is not trusted here (SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain). Put the PEM " +
        "of the CA that signed it in /etc/docker/certs.d/registry.example:5443/ca.crt (the Docker engine reads the " +
        "same folder), in the file NODE_EXTRA_CA_CERTS names for the process that runs pulumi, or in the " +
        "`credentials.caCert` input. For a registry you choose not to verify, set `credentials.insecure: true`.",
    );
  });

  it("points a refused client certificate at client.cert and client.key in certs.d", async () => {
    const cause = fetchFailure("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "certificate required");
    const error = await registryTlsError("registry.example:5443", origin, "client-certificate", certsDir, cause);
    assert.match(error.message, /wants a client certificate/);
    assert.ok(error.message.includes(`${certsDir}/ as client.cert and client.key`));
  });

  it("says a certificate for another host name is the certificate's problem, not a missing CA", async () => {
    const cause = fetchFailure("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames");
    const error = await registryTlsError("registry.example:5443", origin, "wrong-host", certsDir, cause);
    assert.match(error.message, /not valid for that host name/);
    assert.doesNotMatch(error.message, /NODE_EXTRA_CA_CERTS/);
  });
});
