import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DockerPushInputs } from "../../../provider/image-push/inputs";
import { credentialsProblems, validatePushInputs } from "../../../provider/image-push/check-inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";
import { tlsFixture } from "../../support/tls-fixtures";

const VALID: DockerPushInputs = {
  imageName: "localhost:5000/team/app",
  tag: "dev",
  additionalTags: ["v1"],
  imageId: `sha256:${"a".repeat(64)}`,
  credentials: { username: "u", password: "p", registryUrl: "http://localhost:5000/" },
  keepRemotely: false,
};

/** Validates VALID with some properties replaced; returns the failures and the warnings. */
function validate(changes: Record<string, unknown>): { properties: string[]; reasons: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const failures = validatePushInputs({ ...VALID, ...changes } as DockerPushInputs, (w) => warnings.push(w));
  return { properties: failures.map((f) => f.property), reasons: failures.map((f) => f.reason), warnings };
}

describe("validatePushInputs", () => {
  it("accepts valid inputs without warnings", () => {
    assert.deepEqual(validate({}), { properties: [], reasons: [], warnings: [] });
  });

  it("accepts the smallest input, an image name", () => {
    const warn = () => assert.fail("no warning expected");
    assert.deepEqual(validatePushInputs({ imageName: "app" }, warn), []);
  });

  it("requires imageName", () => {
    assert.deepEqual(validate({ imageName: undefined }).properties, ["imageName"]);
  });

  it("rejects an imageName with a tag", () => {
    const { properties, reasons } = validate({ imageName: "localhost:5000/app:dev" });
    assert.deepEqual(properties, ["imageName"]);
    assert.match(reasons[0] ?? "", /must not contain a tag/);
  });

  it("rejects an invalid tag and names the index of an invalid additional tag", () => {
    assert.deepEqual(validate({ tag: "a b", additionalTags: ["ok", ".hidden"] }).properties, [
      "tag",
      "additionalTags[1]",
    ]);
  });

  it("rejects a tag that is not a string", () => {
    assert.deepEqual(validate({ tag: 1 }).properties, ["tag"]);
  });

  for (const key of ["username", "password"] as const) {
    it(`names credentials.${key} when it is missing or empty`, () => {
      for (const value of [undefined, ""]) {
        const { properties, reasons } = validate({ credentials: { ...VALID.credentials, [key]: value } });
        assert.deepEqual(properties, [`credentials.${key}`]);
        assert.match(reasons[0] ?? "", /give both username and password, or drop credentials/);
      }
    });
  }

  it("accepts credentials with only caCert and insecure (docker login's credentials then apply)", () => {
    const caCert = tlsFixture("ca.pem");
    assert.deepEqual(validate({ credentials: { caCert, insecure: false } }).properties, []);
  });

  it("names credentials.caCert when it is not PEM, and credentials.insecure when it is not a boolean", () => {
    const { properties, reasons } = validate({ credentials: { caCert: "/etc/ssl/ca.crt", insecure: "yes" } });
    assert.deepEqual(properties, ["credentials.caCert", "credentials.insecure"]);
    assert.match(reasons[0] ?? "", /must be PEM text.*; it holds no PEM certificate/);
    // A certificate block that does not parse is no certificate either.
    const broken = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    assert.match(
      validate({ credentials: { caCert: broken } }).reasons[0] ?? "",
      /its certificate block does not parse/,
    );
  });

  it("warns, without failing, when registryUrl names another registry than imageName", () => {
    const { properties, warnings } = validate({
      credentials: { username: "u", password: "p", registryUrl: "https://registry.example.com/" },
    });
    assert.deepEqual(properties, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /"registry\.example\.com"/);
    assert.match(warnings[0] ?? "", /"localhost:5000"/);
  });

  it("does not warn when registryUrl is the docker CLI's Docker Hub URL for a Docker Hub image", () => {
    const { warnings } = validate({
      imageName: "team/app",
      credentials: { username: "u", password: "p", registryUrl: "https://index.docker.io/v1/" },
    });
    assert.deepEqual(warnings, []);
  });

  it("rejects an imageId that is not sha256:<64 hex>", () => {
    for (const imageId of ["abc", `sha256:${"A".repeat(64)}`, `sha256:${"a".repeat(63)}`, "localhost:5000/app:dev"]) {
      assert.deepEqual(validate({ imageId }).properties, ["imageId"], `for ${imageId}`);
    }
  });

  it("rejects a malformed docker.host at check, with the forms it takes", () => {
    const { properties, reasons } = validate({ docker: { host: "/var/run/docker.sock" } });
    assert.deepEqual(properties, ["docker.host"]);
    assert.match(reasons[0] ?? "", /is not an address; use unix:\/\/\/path\/to\/docker\.sock, tcp:\/\/host:port/);
  });

  it("tolerates unknown values wherever they appear during preview", () => {
    const { properties, warnings } = validate({
      imageName: UNKNOWN,
      tag: UNKNOWN,
      additionalTags: [UNKNOWN],
      imageId: UNKNOWN,
      credentials: { username: UNKNOWN, password: UNKNOWN, registryUrl: UNKNOWN },
    });
    assert.deepEqual(properties, []);
    assert.deepEqual(warnings, []);
  });

  it("tolerates unknown credentials and additional tags as a whole", () => {
    const { properties, warnings } = validate({ credentials: UNKNOWN, additionalTags: UNKNOWN });
    assert.deepEqual(properties, []);
    assert.deepEqual(warnings, []);
  });

  it("does not compare registryUrl with an imageName that is not known yet", () => {
    const { warnings } = validate({
      imageName: UNKNOWN,
      credentials: { username: "u", password: "p", registryUrl: "registry.example.com" },
    });
    assert.deepEqual(warnings, []);
  });
});

describe("credentialsProblems", () => {
  it("names the one of username and password that is missing, and nothing when both or neither are given", () => {
    const missing = (credentials: object) => credentialsProblems(credentials).map((f) => f.property);
    assert.deepEqual(missing({ username: "u" }), ["credentials.password"]);
    assert.deepEqual(missing({ password: "p" }), ["credentials.username"]);
    assert.deepEqual(missing({ username: "u", password: "" }), ["credentials.password"]);
    assert.deepEqual(missing({ username: "u", password: "p" }), []);
    assert.deepEqual(missing({ insecure: true }), []);
  });
});
