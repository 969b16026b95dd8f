/** The entry of a context worker thread: answers each job message with its result or its error. */

import { parentPort } from "node:worker_threads";
import { contextDigestSync } from "./digest";
import { carryError, type ContextJob, type JobAnswer } from "./context-job";
import { walkContextSync } from "./walk";

function answer(job: ContextJob): JobAnswer {
  try {
    const value = job.kind === "walk" ? walkContextSync(job.options, job.checks) : contextDigestSync(job.options);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: carryError(error) };
  }
}

parentPort?.on("message", (job: ContextJob) => parentPort?.postMessage(answer(job)));
