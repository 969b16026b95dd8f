import { testEnvironment } from "./environment";
import { programSource } from "./program";

const env = testEnvironment();

/** A Pulumi program (test/programs/push) with a DockerBuild and a DockerPush, shaped by stack config. */
export const PUSH_PROGRAM = programSource("push");

/** The files of the app the push programs build. */
export function appFiles(content: string): Record<string, string> {
  return {
    "app/Dockerfile": `FROM ${env.busyboxImage}\nCOPY index.html /www/index.html\n`,
    "app/index.html": content,
  };
}
