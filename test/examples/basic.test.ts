import assert from "node:assert/strict";
import { testEnvironment } from "../support/environment";
import { exampleLifecycle } from "../support/example-lifecycle";
import { runOffline } from "../support/example-project";

exampleLifecycle({
  name: "basic",
  first: {
    title: "builds the image tagged dev and pushes that tag",
    check: (first, example) => {
      assert.equal(first.imageName, `${testEnvironment().registry}/${example.imagePrefix}/basic`);
      assert.equal(first.tag, "dev");
      assert.deepEqual(first.additionalTags, []);
    },
  },
  edit: {
    title: "rebuilds and re-pushes the fixed tag when a file in app/ changes",
    file: "index.html",
    line: (example) => `<p>changed ${example.suffix}</p>`,
    check: (second, first, example) => {
      assert.notEqual(second.imageId, first.imageId);
      assert.notEqual(second.digest, first.digest);
      assert.match(runOffline(second.image), new RegExp(`changed ${example.suffix}`));
    },
  },
});
