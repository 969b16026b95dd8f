/** One challenge of a `WWW-Authenticate` header, e.g. `Bearer realm="https://auth.example/token",service="example"`. */
export interface AuthChallenge {
  /** The scheme in lower case, e.g. `bearer` or `basic`. */
  readonly scheme: string;
  /** The challenge's parameters, names in lower case, quoted values unescaped. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

function readToken(header: string, at: number): string | undefined {
  TOKEN.lastIndex = at;
  return TOKEN.exec(header)?.[0];
}

function readQuoted(header: string, at: number): { value: string; end: number } {
  let value = "";
  let i = at + 1;
  while (i < header.length && header[i] !== '"') {
    if (header[i] === "\\" && i + 1 < header.length) i++;
    value += header[i];
    i++;
  }
  return { value, end: i + 1 };
}

function skipSpace(header: string, at: number): number {
  let i = at;
  while (header[i] === " " || header[i] === "\t") i++;
  return i;
}

/** Parses every challenge in a `WWW-Authenticate` header (RFC 7235 auth-params; token68 forms are ignored). */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  while (i < header.length) {
    i = skipSpace(header, i);
    const word = readToken(header, i);
    if (word === undefined) {
      i++;
      continue;
    }
    const afterWord = skipSpace(header, i + word.length);
    const current = challenges[challenges.length - 1];
    if (header[afterWord] !== "=" || current === undefined) {
      challenges.push({ scheme: word.toLowerCase(), params: {} });
      i = afterWord;
      continue;
    }
    const valueStart = skipSpace(header, afterWord + 1);
    if (header[valueStart] === '"') {
      const quoted = readQuoted(header, valueStart);
      current.params[word.toLowerCase()] = quoted.value;
      i = quoted.end;
    } else {
      const value = readToken(header, valueStart) ?? "";
      current.params[word.toLowerCase()] = value;
      i = valueStart + value.length;
    }
  }
  return challenges;
}

/** The challenge to answer: Bearer when offered, else Basic, else `undefined`. */
export function preferredChallenge(challenges: readonly AuthChallenge[]): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic");
}
