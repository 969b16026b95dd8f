import type Docker from "dockerode";
import { BuildError } from "../core/errors";
import type { BuilderKind } from "./builder-kind";
import { asEngineError } from "./connection";
import { describeEngine } from "./engine-address";

/** The first Engine API version whose `/build` takes `version=2` (BuildKit): Docker 18.09. */
export const BUILDKIT_MIN_API = "1.39";

/** What the engine says about itself that decides whether it can build with BuildKit. */
export interface EngineFacts {
  /** `ApiVersion` of `/version`, e.g. `1.41`. */
  readonly apiVersion: string;
  /** `Os` of `/version`: BuildKit builds only on Linux engines. */
  readonly os: string;
  /** `Arch` of `/version` in Go's names, e.g. `amd64`: the engine's own platform is `os/arch`. */
  readonly arch: string;
}

/** The builder a build uses, and the line to log when BuildKit was wanted by default but is not there. */
export interface BuilderChoice {
  /** The builder to use. */
  readonly builder: BuilderKind;
  /** Why the default fell back to the classic builder, when it did. */
  readonly fallback?: string;
}

function apiAtLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [minMajor = 0, minMinor = 0] = minimum.split(".").map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

/**
 * Why an engine cannot build with BuildKit, or `undefined` when it can. `/_ping`'s `Builder-Version` only names the
 * engine's own default (20.10 answers 1 while `version=2` works there); the sound test is the one the engine applies to
 * `/build?version=2` itself: API 1.39 or newer, on a Linux engine.
 */
export function buildkitUnsupported(facts: EngineFacts): string | undefined {
  if (facts.os.toLowerCase() !== "linux") return `the engine runs on ${facts.os}, and BuildKit builds only on Linux`;
  if (!apiAtLeast(facts.apiVersion, BUILDKIT_MIN_API))
    return `the engine speaks API ${facts.apiVersion}, and BuildKit needs ${BUILDKIT_MIN_API} or newer`;
  return undefined;
}

/**
 * Picks the builder from the `builder` input and the engine's facts; an explicit `"buildkit"` the engine lacks fails.
 * `classicOnly` names an input only the classic builder honours: without an explicit builder it picks classic.
 */
export function chooseBuilder(
  requested: BuilderKind | undefined,
  facts: EngineFacts,
  image: string,
  classicOnly?: string,
): BuilderChoice {
  if (requested === "classic") return { builder: "classic" };
  const reason = buildkitUnsupported(facts) ?? (requested === undefined ? classicOnly : undefined);
  if (reason === undefined) return { builder: "buildkit" };
  if (requested === "buildkit") {
    throw new BuildError(`Cannot build "${image}" with builder "buildkit": ${reason}; set builder: "classic"`, {
      image,
    });
  }
  return { builder: "classic", fallback: `building with the classic builder: ${reason}` };
}

/** Asks the engine (`/version`) for the facts `chooseBuilder` needs. */
export async function engineFacts(docker: Docker): Promise<EngineFacts> {
  try {
    const version = (await docker.version()) as { ApiVersion?: string; Os?: string; Arch?: string };
    return { apiVersion: version.ApiVersion ?? "0", os: version.Os ?? "unknown", arch: version.Arch ?? "unknown" };
  } catch (error) {
    const engineError = asEngineError(error, docker);
    if (engineError !== error) throw engineError;
    throw new Error(`Cannot read the version of the Docker engine at ${describeEngine(docker)}: ${String(error)}`, {
      cause: error,
    });
  }
}
