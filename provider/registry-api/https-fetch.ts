import { request, type RequestOptions } from "node:https";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import type { RegistryTlsOptions } from "./registry-trust";

/** Statuses whose response has no body, which `Response` refuses one for. */
const NULL_BODY = new Set([204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

function bodyOf(body: RequestInit["body"]): Buffer | string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || Buffer.isBuffer(body)) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new TypeError("httpsFetch sends only string, Buffer and URLSearchParams bodies");
}

/** The request headers, with the form content type for a URLSearchParams body and the length of any body. */
function headersOf(init: RequestInit, body: Buffer | string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (init.body instanceof URLSearchParams && headers["content-type"] === undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
  }
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  return headers;
}

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const status = res.statusCode ?? 500;
  const empty = method === "HEAD" || NULL_BODY.has(status);
  if (empty) res.resume();
  const body = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage, headers });
}

function send(url: URL, method: string, init: RequestInit, tls: RegistryTlsOptions): Promise<IncomingMessage> {
  const body = bodyOf(init.body);
  const headers = headersOf(init, body);
  const options: RequestOptions = {
    method,
    headers,
    ca: tls.ca === undefined ? undefined : [...tls.ca],
    cert: tls.cert,
    key: tls.key,
    rejectUnauthorized: tls.rejectUnauthorized,
    signal: init.signal ?? undefined,
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, options, resolve);
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A `fetch` over `node:https` with the given TLS options (extra CAs, a client certificate, no verification), for
 * registries whose trust goes beyond Node's defaults. Follows redirects like `fetch` (`303`, and `301`/`302` of a
 * non-GET, turn into a GET without body). Rejects like `fetch` does, with the socket's error as `cause`.
 */
export function httpsFetch(tls: RegistryTlsOptions): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let method = (init.method ?? "GET").toUpperCase();
    let current = init;
    for (let hop = 0; ; hop++) {
      let res: IncomingMessage;
      try {
        res = url.protocol === "https:" ? await send(url, method, current, tls) : await plainHttp(url, method, current);
      } catch (error) {
        throw new TypeError("fetch failed", { cause: error });
      }
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || location === undefined || init.redirect === "manual") {
        return toResponse(res, method);
      }
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new TypeError("fetch failed", { cause: new Error("too many redirects") });
      url = new URL(location, url);
      if (res.statusCode === 303 || (method !== "GET" && method !== "HEAD" && res.statusCode !== 307)) {
        if (res.statusCode !== 308) {
          method = "GET";
          current = { ...current, body: undefined };
        }
      }
    }
  }) as typeof fetch;
}

function plainHttp(url: URL, method: string, init: RequestInit): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const body = bodyOf(init.body);
    const req = httpRequest(url, { method, headers: headersOf(init, body), signal: init.signal ?? undefined });
    req.on("error", reject);
    req.end(body);
  });
}
