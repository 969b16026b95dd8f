import assert from "node:assert/strict";
import { docker } from "../support/docker-cli";
import { exampleLifecycle } from "../support/example-lifecycle";

const platformOf = (image: string) => docker("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image);

exampleLifecycle({
  name: "platform",
  first: {
    title: "builds a linux/amd64 image and pushes it",
    check: (first) => assert.equal(platformOf(first.image), "linux/amd64"),
  },
  edit: {
    title: "rebuilds for the same platform when a file in app/ changes",
    file: "platform.txt",
    line: (example) => `changed ${example.suffix}`,
    check: (second, first) => {
      assert.notEqual(second.imageId, first.imageId);
      assert.equal(platformOf(second.image), "linux/amd64");
    },
  },
});
