import assert from "node:assert/strict";
import { exampleLifecycle } from "../support/example-lifecycle";
import type { ExampleOutputs } from "../support/example-project";
import { manifestAt } from "../support/registry-http";

/** The platforms of the OCI image index the registry serves under the example's tag, asserting it is one. */
async function indexPlatforms(outputs: ExampleOutputs): Promise<string[]> {
  const found = await manifestAt(outputs.imageName, outputs.tag);
  assert.equal(found?.mediaType, "application/vnd.oci.image.index.v1+json");
  const manifests = (found?.body.manifests ?? []) as { platform: { os: string; architecture: string } }[];
  return manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort();
}

exampleLifecycle({
  name: "multi-platform",
  first: {
    title: "builds linux/amd64 and linux/arm64 and pushes one index serving both",
    check: async (first) => {
      assert.deepEqual(await indexPlatforms(first), ["linux/amd64", "linux/arm64"]);
      const images = first.platformImages as { platform: string; tag: string }[];
      assert.deepEqual(
        images.map((i) => `${i.platform} ${i.tag}`),
        ["linux/amd64 dev-linux-amd64", "linux/arm64 dev-linux-arm64"],
      );
    },
  },
  edit: {
    title: "rebuilds both platforms and moves the index when a file in app/ changes",
    file: "www/index.html",
    line: (example) => `<p>changed ${example.suffix}</p>`,
    check: async (second, first) => {
      assert.notEqual(second.digest, first.digest);
      assert.deepEqual(await indexPlatforms(second), ["linux/amd64", "linux/arm64"]);
    },
  },
});
