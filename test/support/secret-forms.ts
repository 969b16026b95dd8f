/** The ways a secret can show up in text: as is, and base64-encoded, alone or inside a longer encoded value. */

/**
 * The substrings any base64 (or base64url) encoding of a text containing `secret` must contain, whatever bytes
 * come before and after it: the stable middle of the encoding at each of the three byte alignments.
 */
function encodedCores(secret: Buffer, encoding: "base64" | "base64url"): string[] {
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), secret]).toString(encoding);
    const core = encoded.slice(Math.ceil((shift * 4) / 3), encoded.length - 4);
    if (core.length >= 8) cores.push(core);
  }
  return cores;
}

/** A secret's forms to search for: itself, `user:secret` in base64, and every base64 core of it. */
export function secretForms(secret: string, username?: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = [secret, ...encodedCores(bytes, "base64"), ...encodedCores(bytes, "base64url")];
  if (username !== undefined) forms.push(Buffer.from(`${username}:${secret}`).toString("base64"));
  return [...new Set(forms)];
}

/** Each form of `forms` that occurs in `text`, with how often. */
export function occurrences(text: string, forms: readonly string[]): string[] {
  return forms
    .map((form) => [form, text.split(form).length - 1] as const)
    .filter(([, count]) => count > 0)
    .map(([form, count]) => `${count}× ${form.slice(0, 6)}…`);
}
