import { DOCKER_HUB } from "../core/image-reference";

/** True when the registry host is on this machine's loopback, where Docker talks plain HTTP by default. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.split(":")[0];
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host ?? "");
}

/** The base URL of a registry's HTTP API v2 (`http://` for loopback registries, `https://` otherwise). */
export function registryApiBase(registry: string): string {
  if (registry === DOCKER_HUB) return "https://registry-1.docker.io";
  return `${isLoopbackRegistry(registry) ? "http" : "https"}://${registry}`;
}
