import { connect } from "node:tls";
import { RegistryTlsError } from "../core/errors";

/** Verification failures that mean "no trusted CA signed this certificate". */
const UNKNOWN_CA = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);
const EXPIRED = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
const WRONG_HOST = "ERR_TLS_CERT_ALTNAME_INVALID";
/** TLS alerts a server sends when it wants a client certificate it did not get, or refuses the one it got. */
const CLIENT_CERT_ALERT =
  /ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN|HANDSHAKE_FAILURE)/;

/** The kind of TLS failure an error from `fetch` or `node:https` is, or `undefined` when it is no TLS failure. */
export type TlsFailure = "unknown-ca" | "expired" | "wrong-host" | "client-certificate";

function codeOf(error: unknown): string {
  const direct = (error as { code?: unknown } | undefined)?.code;
  if (typeof direct === "string") return direct;
  const nested = (error as { cause?: unknown } | undefined)?.cause;
  return nested === undefined || nested === error ? "" : codeOf(nested);
}

/** Classifies a failed request: a certificate the registry presented, or one it wanted from us; else `undefined`. */
export function tlsFailure(error: unknown): TlsFailure | undefined {
  const code = codeOf(error);
  if (UNKNOWN_CA.has(code)) return "unknown-ca";
  if (EXPIRED.has(code)) return "expired";
  if (code === WRONG_HOST) return "wrong-host";
  if (CLIENT_CERT_ALERT.test(code)) return "client-certificate";
  return undefined;
}

/** The innermost error's message, e.g. `self-signed certificate in certificate chain`. */
function reasonOf(error: unknown): string {
  const nested = (error as { cause?: unknown } | undefined)?.cause;
  if (nested !== undefined && nested !== error) return reasonOf(nested);
  return (
    String((error as Error)?.message ?? error)
      .trim()
      .split("\n")[0] ?? ""
  );
}

/** The subject and issuer of the certificate `host:port` presents, read without verifying it (for messages only). */
export function peerCertificateNames(origin: string): Promise<{ subject?: string; issuer?: string }> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const port = Number(url.port || 443);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const socket = connect({
      host,
      port,
      servername: /^[\d.:]+$/.test(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const done = (names: { subject?: string; issuer?: string }): void => {
      socket.destroy();
      resolve(names);
    };
    socket.setTimeout(3000, () => done({}));
    socket.on("error", () => done({}));
    socket.on("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
      done({ subject: first(cert.subject?.CN), issuer: first(cert.issuer?.CN) ?? first(cert.issuer?.O) });
    });
  });
}

/** Where a registry's CA can go, as a sentence part. */
function wheresTheCa(certsDir: string): string {
  return (
    `Put the PEM of the CA that signed it in ${certsDir}/ca.crt (the Docker engine reads the same folder), in the ` +
    `file NODE_EXTRA_CA_CERTS names for the process that runs pulumi, or in the \`credentials.caCert\` input. ` +
    `For a registry you choose not to verify, set \`credentials.insecure: true\`.`
  );
}

/**
 * The error for a TLS failure talking to `registry`: which certificate or CA is missing and where to put it; never the
 * bare Node message alone.
 */
export async function registryTlsError(
  registry: string,
  origin: string,
  kind: TlsFailure,
  certsDir: string,
  cause: unknown,
): Promise<RegistryTlsError> {
  const reason = `${codeOf(cause)}: ${reasonOf(cause)}`;
  if (kind === "client-certificate") {
    return new RegistryTlsError(
      `Registry "${registry}" at ${origin} refused the TLS connection because it wants a client certificate it ` +
        `did not get or does not accept (${reason}). Put the client certificate and its key in ${certsDir}/ as ` +
        `client.cert and client.key (the Docker engine reads the same folder).`,
      { cause },
    );
  }
  const { subject, issuer } = await peerCertificateNames(origin);
  const presented = subject === undefined ? "its certificate" : `its certificate for "${subject}"`;
  if (kind === "wrong-host") {
    return new RegistryTlsError(
      `Registry "${registry}" at ${origin} presented ${presented}, which is not valid for that host name ` +
        `(${reason}). Use the host name the certificate names, or have the certificate reissued with it.`,
      { cause },
    );
  }
  if (kind === "expired") {
    return new RegistryTlsError(
      `Registry "${registry}" at ${origin} presented ${presented}, which is outside its validity period ` +
        `(${reason}). Renew the registry's certificate.`,
      { cause },
    );
  }
  const ca = issuer === undefined ? "the CA that signed it" : `the CA "${issuer}" that signed it`;
  return new RegistryTlsError(
    `Registry "${registry}" at ${origin} presented ${presented}, but ${ca} is not trusted here (${reason}). ` +
      wheresTheCa(certsDir),
    { cause },
  );
}
