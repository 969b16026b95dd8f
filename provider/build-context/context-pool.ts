/**
 * A few worker threads that walk and digest build contexts for the whole provider process: as many as there are
 * cores, started on first use, so contexts of parallel resources are hashed in parallel and the event loop stays free.
 */

import { existsSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { DockerStepError } from "../core/errors";
import { rebuildError, runJobHere, type ContextJob, type ContextJobResult, type JobAnswer } from "./context-job";

const WORKER_FILE = path.join(__dirname, "context-worker.js");
const MAX_WORKERS = Math.max(1, Math.min(4, os.availableParallelism()));

interface Pending {
  readonly job: ContextJob;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  current?: Pending;
}

const workers: PoolWorker[] = [];
const queue: Pending[] = [];

function start(pending: Pending, slot: PoolWorker): void {
  slot.current = pending;
  slot.worker.ref();
  slot.worker.postMessage(pending.job);
}

function finished(slot: PoolWorker): void {
  slot.current = undefined;
  const next = queue.shift();
  if (next !== undefined) start(next, slot);
  else slot.worker.unref();
}

function spawn(): PoolWorker {
  const slot: PoolWorker = { worker: new Worker(WORKER_FILE) };
  slot.worker.on("message", (answer: JobAnswer) => {
    const pending = slot.current;
    finished(slot);
    if (answer.ok) pending?.resolve(answer.value);
    else pending?.reject(rebuildError(answer.error));
  });
  const fail = (error: Error): void => {
    workers.splice(workers.indexOf(slot), 1);
    slot.current?.reject(new DockerStepError(`A build-context worker thread failed: ${error.message}`));
    slot.current = undefined;
    const next = queue.shift();
    if (next !== undefined) dispatch(next);
  };
  slot.worker.on("error", fail);
  slot.worker.on("exit", (code) => {
    if (workers.includes(slot)) fail(new Error(`it exited with code ${code}`));
  });
  workers.push(slot);
  return slot;
}

function dispatch(pending: Pending): void {
  const idle = workers.find((w) => w.current === undefined);
  if (idle !== undefined) return start(pending, idle);
  if (workers.length < MAX_WORKERS) return start(pending, spawn());
  queue.push(pending);
}

/**
 * Runs a walk or a digest on a worker thread (on this thread when the compiled worker is absent, e.g. under ts-node).
 * Errors come back as the same classes with the same messages.
 */
export function runContextJob<J extends ContextJob>(job: J): Promise<ContextJobResult<J>> {
  if (!existsSync(WORKER_FILE)) return runJobHere(job) as Promise<ContextJobResult<J>>;
  return new Promise((resolve, reject) => dispatch({ job, resolve: resolve as (v: unknown) => void, reject }));
}
