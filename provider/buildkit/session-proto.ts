import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import * as protobuf from "protobufjs";

// The wire definitions of the services a BuildKit session serves, written from BuildKit v0.34.2's
// session/auth/auth.proto, session/secrets/secrets.proto, session/sshforward/ssh.proto and grpc's health.proto.
// They live in a string so that the compiled provider needs no .proto file next to it.
const PROTO_FILES = [
  `syntax = "proto3";
  package moby.filesync.v1;
  message CredentialsRequest { string Host = 1; }
  message CredentialsResponse { string Username = 1; string Secret = 2; }
  message FetchTokenRequest { string ClientID = 1; string Host = 2; string Realm = 3; string Service = 4; repeated string Scopes = 5; }
  message FetchTokenResponse { string Token = 1; int64 ExpiresIn = 2; int64 IssuedAt = 3; }
  message GetTokenAuthorityRequest { string Host = 1; bytes Salt = 2; }
  message GetTokenAuthorityResponse { bytes PublicKey = 1; }
  message VerifyTokenAuthorityRequest { string Host = 1; bytes Payload = 2; bytes Salt = 3; }
  message VerifyTokenAuthorityResponse { bytes Signed = 1; }`,
  `syntax = "proto3";
  package moby.buildkit.secrets.v1;
  message GetSecretRequest { string ID = 1; map<string, string> annotations = 2; }
  message GetSecretResponse { bytes data = 1; }`,
  `syntax = "proto3";
  package moby.sshforward.v1;
  message BytesMessage { bytes data = 1; }
  message CheckAgentRequest { string ID = 1; }
  message CheckAgentResponse {}`,
  `syntax = "proto3";
  package grpc.health.v1;
  message HealthCheckRequest { string service = 1; }
  message HealthCheckResponse {
    enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
    ServingStatus status = 1;
  }`,
];

const root = new protobuf.Root();
for (const source of PROTO_FILES) protobuf.parse(source, root, { keepCase: true });

/** `moby.filesync.v1.CredentialsRequest`: the registry host BuildKit wants credentials for. */
export interface CredentialsRequest {
  /** The registry host, e.g. `registry-1.docker.io` or `127.0.0.1:5001`. */
  readonly Host: string;
}

/** `moby.filesync.v1.CredentialsResponse`: empty fields mean anonymous access. */
export interface CredentialsResponse {
  /** User name; empty with an identity token. */
  readonly Username?: string;
  /** Password, access token or identity token. */
  readonly Secret?: string;
}

/** `moby.buildkit.secrets.v1.GetSecretRequest`: the secret a `RUN --mount=type=secret` asks for. */
export interface GetSecretRequest {
  /** The secret's id (`id=` of the mount). */
  readonly ID: string;
  /** Annotations BuildKit may attach to the request. */
  readonly annotations?: Record<string, string>;
}

/** `moby.buildkit.secrets.v1.GetSecretResponse`: the secret's bytes. */
export interface GetSecretResponse {
  /** The secret's value. */
  readonly data: Uint8Array;
}

/** `moby.sshforward.v1.BytesMessage`: one chunk of an ssh-agent conversation. */
export interface BytesMessage {
  /** The bytes of the chunk. */
  readonly data: Uint8Array;
}

/** `moby.sshforward.v1.CheckAgentRequest`: asks whether an ssh id is served. */
export interface CheckAgentRequest {
  /** The ssh id (`id=` of the mount, `default` when absent). */
  readonly ID: string;
}

/** `grpc.health.v1.HealthCheckRequest`. */
export interface HealthCheckRequest {
  /** The service asked about; empty for the whole server. */
  readonly service: string;
}

/** `grpc.health.v1.HealthCheckResponse`. */
export interface HealthCheckResponse {
  /** The serving status: 1 is SERVING. */
  readonly status: number;
}

/** The `SERVING` value of `grpc.health.v1.HealthCheckResponse.ServingStatus`. */
export const HEALTH_SERVING = 1;

function codec<T extends object>(name: string) {
  const type = root.lookupType(name);
  return {
    serialize: (value: T): Buffer => {
      const bytes = type.encode(type.fromObject(value)).finish();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    deserialize: (bytes: Buffer): T =>
      type.toObject(type.decode(bytes), { defaults: true, longs: Number, enums: Number }) as T,
  };
}

function method<Req extends object, Res extends object>(
  service: string,
  name: string,
  request: string,
  response: string,
  streams = false,
): MethodDefinition<Req, Res> {
  const req = codec<Req>(request);
  const res = codec<Res>(response);
  return {
    path: `/${service}/${name}`,
    originalName: name,
    requestStream: streams,
    responseStream: streams,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
  };
}

const AUTH = "moby.filesync.v1.Auth";
const A = "moby.filesync.v1.";
/** The `moby.filesync.v1.Auth` service: registry credentials and (unserved) token methods. */
export const AUTH_SERVICE = {
  Credentials: method<CredentialsRequest, CredentialsResponse>(
    AUTH,
    "Credentials",
    `${A}CredentialsRequest`,
    `${A}CredentialsResponse`,
  ),
  FetchToken: method<object, object>(AUTH, "FetchToken", `${A}FetchTokenRequest`, `${A}FetchTokenResponse`),
  GetTokenAuthority: method<object, object>(
    AUTH,
    "GetTokenAuthority",
    `${A}GetTokenAuthorityRequest`,
    `${A}GetTokenAuthorityResponse`,
  ),
  VerifyTokenAuthority: method<object, object>(
    AUTH,
    "VerifyTokenAuthority",
    `${A}VerifyTokenAuthorityRequest`,
    `${A}VerifyTokenAuthorityResponse`,
  ),
} satisfies ServiceDefinition;

const S = "moby.buildkit.secrets.v1.";
/** The `moby.buildkit.secrets.v1.Secrets` service: build secrets by id. */
export const SECRETS_SERVICE = {
  GetSecret: method<GetSecretRequest, GetSecretResponse>(
    `${S}Secrets`,
    "GetSecret",
    `${S}GetSecretRequest`,
    `${S}GetSecretResponse`,
  ),
} satisfies ServiceDefinition;

const F = "moby.sshforward.v1.";
/** The `moby.sshforward.v1.SSH` service: ssh-agent forwarding. */
export const SSH_SERVICE = {
  CheckAgent: method<CheckAgentRequest, object>(
    `${F}SSH`,
    "CheckAgent",
    `${F}CheckAgentRequest`,
    `${F}CheckAgentResponse`,
  ),
  ForwardAgent: method<BytesMessage, BytesMessage>(
    `${F}SSH`,
    "ForwardAgent",
    `${F}BytesMessage`,
    `${F}BytesMessage`,
    true,
  ),
} satisfies ServiceDefinition;

const H = "grpc.health.v1.";
/** The `grpc.health.v1.Health` service; only `Check` is served (BuildKit never calls `Watch`). */
export const HEALTH_SERVICE = {
  Check: method<HealthCheckRequest, HealthCheckResponse>(
    `${H}Health`,
    "Check",
    `${H}HealthCheckRequest`,
    `${H}HealthCheckResponse`,
  ),
} satisfies ServiceDefinition;

/** The gRPC paths of every method of `service`, for the `X-Docker-Expose-Session-Grpc-Method` headers. */
export function methodPaths(service: ServiceDefinition): string[] {
  return Object.values(service).map((m) => m.path);
}
