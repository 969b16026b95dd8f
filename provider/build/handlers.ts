/**
 * Kept only for state written by 0.1.0, whose serialized DockerBuild provider `require`s this path: it forwards to
 * the provider. New state names `image-build/docker-build-provider`. Remove once no such state can exist.
 */
export { dockerBuildProvider as dockerBuildHandlers } from "../image-build/docker-build-provider";
