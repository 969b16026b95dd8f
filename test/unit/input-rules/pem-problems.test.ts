import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tlsFixture } from "../../support/tls-fixtures";
import { certificatesProblem, isKeyPair, privateKeyProblem } from "../../../provider/input-rules/pem-problems";

const pem = tlsFixture;

describe("PEM certificates", () => {
  it("accepts one certificate and a bundle of several", () => {
    assert.equal(certificatesProblem(pem("ca.pem")), undefined);
    assert.equal(certificatesProblem(pem("ca.pem") + pem("cert.pem")), undefined);
    assert.equal(certificatesProblem(`comment before\n${pem("cert.pem")}`), undefined);
  });

  it("refuses text with no certificate block: a path, a key, nothing", () => {
    for (const text of ["/etc/docker/ca.pem", pem("key.pem"), ""]) {
      assert.match(certificatesProblem(text) ?? "", /^holds no PEM certificate/, text);
    }
  });

  it("refuses a certificate block that does not parse, saying which", () => {
    const broken = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    assert.match(certificatesProblem(broken) ?? "", /its certificate block does not parse/);
    assert.match(certificatesProblem(pem("ca.pem") + broken) ?? "", /certificate block 2 of 2 does not parse/);
  });
});

describe("PEM private keys", () => {
  it("accepts PKCS#8, PKCS#1 RSA and EC keys", () => {
    for (const name of ["key.pem", "rsa-key.pem", "other-key.pem"])
      assert.equal(privateKeyProblem(pem(name)), undefined);
  });

  it("refuses a certificate, a path, a damaged key and an encrypted one, never quoting the text", () => {
    assert.match(privateKeyProblem(pem("cert.pem")) ?? "", /^holds no PEM private key/);
    assert.match(privateKeyProblem("/root/.docker/key.pem") ?? "", /^holds no PEM private key/);
    const damaged = pem("key.pem").replace(/\n[A-Za-z0-9+/]{8}/, "\n!!!!!!!!");
    assert.match(privateKeyProblem(damaged) ?? "", /the key block does not parse/);
    assert.match(privateKeyProblem(pem("encrypted-key.pem")) ?? "", /encrypted key.*give it decrypted/);
    const body = pem("key.pem").split("\n")[1]!;
    for (const text of [damaged, pem("encrypted-key.pem")]) assert.ok(!privateKeyProblem(text)!.includes(body));
  });
});

describe("a certificate and its key", () => {
  it("are a pair when the key is the certificate's, and not otherwise", () => {
    assert.equal(isKeyPair(pem("cert.pem"), pem("key.pem")), true);
    assert.equal(isKeyPair(pem("cert.pem"), pem("other-key.pem")), false);
  });
});
