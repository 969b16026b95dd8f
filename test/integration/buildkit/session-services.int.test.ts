import assert from "node:assert/strict";
import { createServer, type Server as NetServer } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  credentials as channelCredentials,
  makeGenericClientConstructor,
  Metadata,
  status,
  type Client,
  type ServiceError,
} from "@grpc/grpc-js";
import { addAuthService } from "../../../provider/buildkit/auth-service";
import { SessionGrpcServer } from "../../../provider/buildkit/grpc-server";
import { addHealthService } from "../../../provider/buildkit/health-service";
import { addSecretsService } from "../../../provider/buildkit/secrets-service";
import { addSshService } from "../../../provider/buildkit/ssh-service";
import {
  AUTH_SERVICE,
  HEALTH_SERVICE,
  SECRETS_SERVICE,
  SSH_SERVICE,
  type BytesMessage,
} from "../../../provider/buildkit/session-proto";
import { makeTree, removeTree } from "../../support/fixtures";

// The services of a session, called over gRPC as the engine's BuildKit calls them, on a unix socket of the test.
const dir = makeTree({}, "pdd-grpc-");
const asked: string[] = [];
const server = new SessionGrpcServer();
const listener = createServer((socket) => server.serve(socket));
let fakeAgent: NetServer;
const clients: Client[] = [];
after(async () => {
  clients.forEach((client) => client.close());
  server.close();
  listener.close();
  fakeAgent?.close();
  removeTree(dir);
});

type Unary = (request: object, callback: (error: ServiceError | null, response?: unknown) => void) => void;

function client(service: typeof AUTH_SERVICE | typeof SECRETS_SERVICE | typeof SSH_SERVICE | typeof HEALTH_SERVICE) {
  const Constructor = makeGenericClientConstructor(service, "test");
  const made = new Constructor(`unix:${dir}/grpc.sock`, channelCredentials.createInsecure());
  clients.push(made);
  return made as unknown as Record<string, Unary> & Client;
}

function call(
  target: Record<string, Unary>,
  method: string,
  request: object,
): Promise<{ error?: ServiceError; response?: unknown }> {
  return new Promise((resolve) =>
    target[method]!.call(target, request, (error, response) => resolve(error ? { error } : { response })),
  );
}

describe("the services of a BuildKit session", () => {
  before(async () => {
    // A fake agent that answers every chunk with the same bytes reversed.
    fakeAgent = createServer((socket) => socket.on("data", (chunk) => socket.write(Buffer.from(chunk).reverse())));
    await new Promise<void>((resolve) => fakeAgent.listen(`${dir}/agent.sock`, resolve));
    addHealthService(server);
    addAuthService(server, async (host) => {
      asked.push(host);
      return host === "docker.io" ? { username: "hub-user", secret: "hub-token" } : undefined;
    });
    addSecretsService(server, new Map([["token", "value"]]));
    addSshService(server, [{ id: "default", socket: `${dir}/agent.sock` }]);
    await new Promise<void>((resolve, reject) => listener.once("error", reject).listen(`${dir}/grpc.sock`, resolve));
  });

  it("answers a health check with SERVING", async () => {
    assert.deepEqual(await call(client(HEALTH_SERVICE), "Check", { service: "" }), { response: { status: 1 } });
  });

  it("asks for Docker Hub's credentials as docker.io when BuildKit names registry-1.docker.io", async () => {
    const auth = client(AUTH_SERVICE);
    const hub = await call(auth, "Credentials", { Host: "registry-1.docker.io" });
    assert.deepEqual(hub, { response: { Username: "hub-user", Secret: "hub-token" } });
    assert.deepEqual(await call(auth, "Credentials", { Host: "127.0.0.1:5001" }), {
      response: { Username: "", Secret: "" },
    });
    assert.deepEqual(asked, ["docker.io", "127.0.0.1:5001"]);
  });

  it("answers UNIMPLEMENTED to the token methods and NOT_FOUND to build-context header hosts", async () => {
    const auth = client(AUTH_SERVICE);
    for (const method of ["FetchToken", "GetTokenAuthority", "VerifyTokenAuthority"]) {
      const { error } = await call(auth, method, { Host: "127.0.0.1:5001" });
      assert.equal(error?.code, status.UNIMPLEMENTED, method);
    }
    const { error } = await call(auth, "Credentials", { Host: "HTTP_AUTH_HEADER_build-context-abc" });
    assert.equal(error?.code, status.NOT_FOUND);
  });

  it("serves a secret by id and NOT_FOUND for another", async () => {
    const secrets = client(SECRETS_SERVICE);
    const found = (await call(secrets, "GetSecret", { ID: "token" })).response as { data: Buffer };
    assert.equal(Buffer.from(found.data).toString(), "value");
    const { error } = await call(secrets, "GetSecret", { ID: "other" });
    assert.equal(error?.code, status.NOT_FOUND);
    assert.ok(!error?.details.includes("value"));
  });

  it("checks ssh ids and pipes a ForwardAgent stream to the agent socket and back", async () => {
    const ssh = client(SSH_SERVICE);
    assert.equal((await call(ssh, "CheckAgent", { ID: "default" })).error, undefined);
    assert.equal((await call(ssh, "CheckAgent", { ID: "other" })).error?.code, status.NOT_FOUND);
    const stream = (ssh as unknown as { ForwardAgent(metadata: Metadata): NodeJS.ReadWriteStream }).ForwardAgent(
      new Metadata(),
    );
    const answer = new Promise<string>((resolve) =>
      stream.once("data", (message: BytesMessage) => resolve(Buffer.from(message.data).toString())),
    );
    stream.write({ data: Buffer.from("abc") } as unknown as string);
    assert.equal(await answer, "cba");
    const ended = new Promise<void>((resolve) => stream.on("end", resolve).on("error", () => resolve()));
    stream.end();
    await ended;
  });

  it("ends a ForwardAgent stream for an unknown ssh id with NOT_FOUND", async () => {
    const ssh = client(SSH_SERVICE);
    const metadata = new Metadata();
    metadata.set("buildkit.ssh.id", "unknown");
    const stream = (ssh as unknown as { ForwardAgent(metadata: Metadata): NodeJS.ReadWriteStream }).ForwardAgent(
      metadata,
    );
    stream.on("data", () => undefined);
    const error = await new Promise<ServiceError>((resolve) => stream.on("error", resolve));
    assert.equal(error.code, status.NOT_FOUND);
  });
});
