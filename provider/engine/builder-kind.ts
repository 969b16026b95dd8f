/* The `builder` input's values, in a file of its own for the reason given in `docker-connection.ts`. */

/** The builder of the engine that runs a build: BuildKit, or the legacy classic builder. */
export type BuilderKind = "buildkit" | "classic";
