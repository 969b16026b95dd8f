import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { inspect } from "node:util";
import { RegistryTlsError } from "../../../provider/core/errors";
import { RegistryClient } from "../../../provider/registry-api/registry-client";
import { explicitAuth, withTrust } from "../../../provider/registry-credentials/resolve-credentials";
import type { RegistryAuth } from "../../../provider/registry-credentials/registry-auth";
import { TlsRegistry } from "../../support/tls-registry";

const registry = new TlsRegistry({ auth: true });
const mutual = new TlsRegistry({ clientCertificates: true });
const repository = `tls-client/${randomUUID()}`;
let digest: string;

before(async () => {
  await Promise.all([registry.start(), mutual.start()]);
  digest = registry.putTinyManifest(repository, "v1");
});

after(async () => {
  await Promise.all([registry.dispose(), mutual.dispose()]);
});

function auth(trust: { caCert?: string; insecure?: boolean } = {}): RegistryAuth | undefined {
  return withTrust(explicitAuth(registry.credentials!, registry.host), registry.host, trust);
}

const v1 = () => ({ registry: registry.host, repository, reference: "v1" });

/** True for the RegistryTlsError that names the registry, the CA and every place it can go. */
function untrustedError(host: string, certsDir: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof RegistryTlsError, inspect(error));
    assert.match(error.message, new RegExp(`Registry "${host}" at https://${host}`));
    assert.match(error.message, /the CA "pdd test registry CA" that signed it is not trusted here/);
    assert.ok(error.message.includes(`${certsDir}/ca.crt`), error.message);
    assert.match(error.message, /NODE_EXTRA_CA_CERTS/);
    assert.match(error.message, /credentials\.caCert/);
    assert.match(error.message, /credentials\.insecure/);
    return true;
  };
}

describe("RegistryClient against an HTTPS registry with a certificate from a company CA", () => {
  it("refuses the certificate when the CA is nowhere, with an error that says where it goes", async () => {
    registry.untrustEngine();
    await assert.rejects(
      new RegistryClient().headManifest(v1(), auth()),
      untrustedError(registry.host, registry.engineCertsDir),
    );
  });

  it("trusts the CA from /etc/docker/certs.d/<host:port>/ca.crt, as the engine reads it", async () => {
    registry.trustEngine();
    try {
      const info = await new RegistryClient().headManifest(v1(), auth());
      assert.equal(info?.digest, digest);
      assert.equal(info?.digest, registry.manifestDigest(repository, "v1"));
    } finally {
      registry.untrustEngine();
    }
  });

  it("trusts the CA given as credentials.caCert: reads, writes and deletes manifests", async () => {
    const client = new RegistryClient();
    const trusted = auth({ caCert: registry.caCert });
    const manifest = await client.getManifest(v1(), trusted);
    assert.equal(manifest?.digest, digest);
    const copy = { registry: registry.host, repository, reference: "copy" };
    const written = await client.putManifest(copy, { mediaType: manifest!.mediaType, bytes: manifest!.bytes }, trusted);
    assert.equal(written, registry.manifestDigest(repository, "copy"));
    const other = `tls-client/${randomUUID()}`;
    const otherDigest = registry.putTinyManifest(other, "v1");
    assert.equal(
      await client.deleteManifest({ registry: registry.host, repository: other, digest: otherDigest }, trusted),
      "deleted",
    );
    assert.equal(registry.manifestDigest(other, "v1"), undefined);
  });

  it("skips verification only with credentials.insecure", async () => {
    const info = await new RegistryClient().headManifest(v1(), auth({ insecure: true }));
    assert.equal(info?.digest, digest);
  });

  it("never puts the password in the TLS error", async () => {
    await assert.rejects(new RegistryClient().headManifest(v1(), auth()), (error: unknown) => {
      assert.ok(!inspect(error, { depth: 10 }).includes(registry.credentials!.password));
      return true;
    });
  });

  it("trusts the CA from NODE_EXTRA_CA_CERTS, which Node reads at start, in another process", () => {
    const client = path.resolve(__dirname, "../../../provider/registry-api/registry-client.js");
    const credentials = path.resolve(__dirname, "../../../provider/registry-credentials/resolve-credentials.js");
    const script = `
      const { RegistryClient } = require(${JSON.stringify(client)});
      const { explicitAuth } = require(${JSON.stringify(credentials)});
      const [host, repository, username, password] = process.argv.slice(1);
      new RegistryClient().headManifest({ registry: host, repository, reference: "v1" }, explicitAuth({ username, password }, host))
        .then((info) => console.log(info.digest), (error) => { console.log(error.name + ": " + error.message); process.exitCode = 3; });`;
    const { username, password } = registry.credentials!;
    const run = (extra: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ["-e", script, registry.host, repository, username, password], {
        encoding: "utf8",
        env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined, ...extra },
      });
    const without = run({});
    assert.equal(without.status, 3, without.stdout + without.stderr);
    assert.match(without.stdout, /RegistryTlsError: .*NODE_EXTRA_CA_CERTS/);
    const withExtra = run({ NODE_EXTRA_CA_CERTS: registry.caFile });
    assert.equal(withExtra.status, 0, withExtra.stdout + withExtra.stderr);
    assert.equal(withExtra.stdout.trim(), digest);
  });
});

describe("RegistryClient against an HTTPS registry that wants a client certificate", () => {
  const location = () => ({ registry: mutual.host, repository: `tls-mutual/${randomUUID()}`, reference: "v1" });

  it("says the client certificate is missing and where it goes in certs.d", async () => {
    const trusted = withTrust(undefined, mutual.host, { caCert: mutual.caCert });
    await assert.rejects(new RegistryClient().headManifest(location(), trusted), (error: unknown) => {
      assert.ok(error instanceof RegistryTlsError, inspect(error));
      assert.match(error.message, /wants a client certificate/);
      assert.ok(error.message.includes(`${mutual.engineCertsDir}/`), error.message);
      assert.match(error.message, /client\.cert and client\.key/);
      return true;
    });
  });

  it("presents the client.cert / client.key pair of /etc/docker/certs.d/<host:port>/, as the engine does", async () => {
    mutual.trustEngine();
    try {
      assert.equal(await new RegistryClient().headManifest(location()), undefined);
    } finally {
      mutual.untrustEngine();
    }
  });
});
