import assert from "node:assert/strict";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { httpsFetch } from "../../../provider/registry-api/https-fetch";
import { makeTlsMaterial, type TlsMaterial } from "../../support/tls-proxy";

let tls: TlsMaterial;
let server: Server;
let origin: string;
const requests: { method: string; url: string; type?: string; length?: string; body: string }[] = [];

before(async () => {
  tls = makeTlsMaterial();
  server = createServer({ cert: tls.serverCert, key: tls.serverKey }, (request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const { method = "", url = "" } = request;
      requests.push({
        method,
        url,
        type: request.headers["content-type"],
        length: request.headers["content-length"],
        body,
      });
      if (url === "/moved") response.writeHead(303, { location: "/v2/" }).end();
      else response.writeHead(200, { "docker-content-digest": "sha256:ab" }).end(`{"url":"${url}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("httpsFetch", () => {
  it("verifies the server against the CAs given and answers like fetch", async () => {
    const response = await httpsFetch({ ca: [tls.ca], rejectUnauthorized: true })(`${origin}/v2/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("docker-content-digest"), "sha256:ab");
    assert.deepEqual(await response.json(), { url: "/v2/" });
  });

  it("rejects like fetch, with the TLS error as cause, when the CA is not given", async () => {
    await assert.rejects(httpsFetch({ rejectUnauthorized: true })(`${origin}/v2/`), (error: unknown) => {
      assert.ok(error instanceof TypeError);
      assert.match(String((error.cause as { code?: string }).code), /SELF_SIGNED|UNABLE_TO_VERIFY/);
      return true;
    });
  });

  it("sends a form body with its type and length, and a buffer with its length", async () => {
    requests.length = 0;
    const fetchImpl = httpsFetch({ ca: [tls.ca], rejectUnauthorized: true });
    await (await fetchImpl(`${origin}/token`, { method: "POST", body: new URLSearchParams({ a: "1" }) })).text();
    await (await fetchImpl(`${origin}/m`, { method: "PUT", body: Buffer.from("{}") })).text();
    assert.deepEqual(requests, [
      {
        method: "POST",
        url: "/token",
        type: "application/x-www-form-urlencoded;charset=UTF-8",
        length: "3",
        body: "a=1",
      },
      { method: "PUT", url: "/m", type: undefined, length: "2", body: "{}" },
    ]);
  });

  it("follows a 303 with a GET, and gives a HEAD no body", async () => {
    requests.length = 0;
    const fetchImpl = httpsFetch({ ca: [tls.ca], rejectUnauthorized: true });
    const moved = await fetchImpl(`${origin}/moved`, { method: "POST", body: "x" });
    assert.deepEqual(await moved.json(), { url: "/v2/" });
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.url}`),
      ["POST /moved", "GET /v2/"],
    );
    const head = await fetchImpl(`${origin}/v2/`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
  });
});
