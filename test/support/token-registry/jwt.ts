import { createSign, X509Certificate } from "node:crypto";

/** The key and self-signed certificate a token service signs with; the registry trusts the certificate. */
export interface SigningKey {
  /** PEM private key (RSA). */
  readonly privateKey: string;
  /** PEM self-signed certificate of that key, the registry's `rootcertbundle`. */
  readonly certificate: string;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/**
 * Signs `claims` as an RS256 JWT whose header carries the certificate in `x5c`, the form distribution's token
 * verifier checks against its root certificate bundle.
 */
export function signJwt(claims: Record<string, unknown>, key: SigningKey): string {
  const der = new X509Certificate(key.certificate).raw.toString("base64");
  const header = base64url(JSON.stringify({ typ: "JWT", alg: "RS256", x5c: [der] }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(key.privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}
