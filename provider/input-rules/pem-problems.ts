/**
 * TLS material given as PEM text (`docker.caCert`, `docker.cert`, `docker.key`, `credentials.caCert`), read at `check`
 * with Node's own X.509 and key parsers, so that `pulumi preview` names the property where `up` would fail inside the
 * TLS handshake with an OpenSSL message. The messages never quote the text: a key is a secret.
 */

import { X509Certificate, createPrivateKey } from "node:crypto";
import { createSecureContext } from "node:tls";

/** Each PEM certificate block of a text. */
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The first line of a PEM private key (PKCS#1, PKCS#8, SEC1, encrypted PKCS#8). */
const KEY_HEADER = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----/;

/**
 * What is wrong with a text that should hold one or more PEM certificates (a CA bundle, or a client certificate):
 * none, or a block that Node's X.509 parser refuses; undefined when every block is a certificate.
 */
export function certificatesProblem(text: string): string | undefined {
  const blocks = text.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) return "holds no PEM certificate (-----BEGIN CERTIFICATE----- …)";
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      const which = blocks.length === 1 ? "its certificate block" : `certificate block ${i + 1} of ${blocks.length}`;
      return `has PEM text that is no certificate (${which} does not parse)`;
    }
  }
  return undefined;
}

/** What is wrong with a text that should hold one unencrypted PEM private key; undefined when it holds one. */
export function privateKeyProblem(text: string): string | undefined {
  const header = KEY_HEADER.exec(text);
  if (header === null) return "holds no PEM private key (-----BEGIN PRIVATE KEY----- or RSA/EC PRIVATE KEY)";
  if (header[1] === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    return "is an encrypted key, and the input takes no passphrase; give it decrypted (openssl pkey -in key.pem -out plain.pem)";
  }
  try {
    createPrivateKey({ key: text, format: "pem" });
  } catch {
    return "has PEM text that is no private key (the key block does not parse)";
  }
  return undefined;
}

/** Whether a certificate and a key that each parse are one pair (TLS refuses "key values mismatch" otherwise). */
export function isKeyPair(cert: string, key: string): boolean {
  try {
    createSecureContext({ cert, key });
    return true;
  } catch {
    return false;
  }
}
