/*
 * The `docker` input, in a file of its own: it is part of the public types, whose declarations must not reach the
 * engine client's (dockerode's) types, which a consumer's project does not have.
 */

/** How to reach the Docker engine when the environment (`DOCKER_HOST`, a docker context, …) is not what you want. */
export interface DockerConnection {
  /** Engine address: `unix:///var/run/docker.sock`, `tcp://host:2376` or `ssh://user@host`. @default resolved like the docker CLI */
  readonly host?: string;
  /** PEM CA certificate that signed the engine's TLS certificate (secret). */
  readonly caCert?: string;
  /** PEM client certificate for TLS client authentication (secret). */
  readonly cert?: string;
  /** PEM private key of the client certificate (secret). */
  readonly key?: string;
  /** Use TLS for a `tcp://` host. @default true when any TLS material is given or the port is 2376 */
  readonly tlsVerify?: boolean;
  /** A docker context (`docker context ls`) whose endpoint and TLS files to use; not together with `host` or TLS fields. */
  readonly context?: string;
}
