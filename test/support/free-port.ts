import { readFileSync } from "node:fs";
import * as net from "node:net";

/** The first port of the kernel's range for the local ends of outgoing connections (32768 when unreadable). */
function ephemeralRangeStart(): number {
  try {
    const first = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 2048 ? first : 32768;
  } catch {
    return 32768;
  }
}

/** Listens on `port` of 127.0.0.1 (0: the OS picks) and closes again; the port, or undefined when it is taken. */
async function tryPort(port: number): Promise<number | undefined> {
  const server = net.createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (!bound) return undefined;
  const chosen = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return chosen;
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on at the moment of asking, taken below the kernel's ephemeral range:
 * a server the tests kill and start again on the same port (a scratch registry) would otherwise find it taken by the
 * local end of some outgoing connection in between, as the OS hands those out from that range.
 */
export async function freeLoopbackPort(): Promise<number> {
  const top = ephemeralRangeStart();
  const bottom = Math.min(10_000, top - 1000);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tryPort(bottom + Math.floor(Math.random() * (top - bottom)));
    if (port !== undefined) return port;
  }
  const port = await tryPort(0);
  if (port === undefined) throw new Error("no free TCP port on 127.0.0.1");
  return port;
}
