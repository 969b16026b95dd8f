/**
 * Kept only for state written by 0.1.0, whose serialized DockerPush provider `require`s this path: it forwards to
 * the provider. New state names `image-push/docker-push-provider`. Remove once no such state can exist.
 */
export { dockerPushProvider as dockerPushHandlers } from "../image-push/docker-push-provider";
