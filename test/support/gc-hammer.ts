import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** What the engine answered to one build-cache prune. */
interface PruneReply {
  readonly CachesDeleted?: readonly string[] | null;
  readonly SpaceReclaimed?: number;
}

/**
 * `POST /build/prune` with an `id` filter that no build-cache record matches, on the engine behind `socket`. The engine
 * turns `id=<value>` into BuildKit's `id~=<value>` (a match on the record's ID); record IDs are 25 lowercase letters and
 * digits, so a value with a dash matches none and the prune deletes nothing, which the reply must show. BuildKit's
 * cache manager then calls its worker's GarbageCollect whether it pruned or not: on the containerd image store that
 * deletes a lease with SynchronousDelete, i.e. one full garbage collection of the engine's containerd before the reply.
 */
export function pruneNothing(socket: string, noSuchId: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ id: [noSuchId] }));
  return new Promise((resolve, reject) => {
    const post = request(
      { socketPath: socket, method: "POST", path: `/build/prune?filters=${filters}` },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("error", reject);
        response.on("end", () => {
          if (response.statusCode !== 200)
            return reject(new Error(`build prune: HTTP ${response.statusCode}: ${body}`));
          const reply = JSON.parse(body) as PruneReply;
          if ((reply.CachesDeleted ?? []).length > 0 || (reply.SpaceReclaimed ?? 0) !== 0) {
            return reject(new Error(`the no-match build prune (id=${noSuchId}) deleted something: ${body}`));
          }
          resolve();
        });
      },
    );
    post.on("error", reject);
    post.end();
  });
}

/** A running loop of no-match prunes; `stop` ends it and says how many prunes the engine answered. */
export interface GcHammer {
  /** Ends the loop after the prunes in flight; rejects when one of them failed or deleted something. */
  stop(): Promise<number>;
}

/**
 * Starts a loop that sends a no-match prune, waits for the engine's answer, then `gapMs` more, and again. Back-to-back
 * prunes are too many for a race that needs the first collection after an event to come late enough (see the caller).
 */
export function startGcHammer(socket: string, noSuchId: string, gapMs: number): GcHammer {
  let running = true;
  let prunes = 0;
  const loop = (async () => {
    while (running) {
      await pruneNothing(socket, noSuchId);
      prunes += 1;
      if (running) await sleep(gapMs);
    }
  })();
  // A failed loop is reported by stop; until then keep it from being an unhandled rejection.
  loop.catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      return prunes;
    },
  };
}
