import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildError } from "../../../provider/core/errors";
import { explainBuildkitFailure } from "../../../provider/image-build/buildkit-hints";

const failed = (message: string) => new BuildError(`Build of "app:1" failed at step [2/2] RUN x: ${message}`);

describe("explainBuildkitFailure", () => {
  it("names the secrets input and the id for a secret the Dockerfile needs", () => {
    const error = explainBuildkitFailure(failed("secret npm_token not found: not found"), "app:1");
    assert.match(error.message, /^Build of "app:1" failed at step \[2\/2\] RUN x: secret npm_token not found/);
    assert.match(
      error.message,
      /Hint: the Dockerfile needs the build secret "npm_token": .*secrets: \{ "npm_token": … \}/,
    );
  });

  it("names the ssh input and the id for an SSH agent the Dockerfile needs", () => {
    const message = "rpc error: code = NotFound desc = unset ssh forward key deploy";
    assert.match(explainBuildkitFailure(failed(message), "app:1").message, /ssh: \[\{ id: "deploy" \}\]/);
  });

  it("names the registry and the registries input when a base image pull is refused", () => {
    const message =
      "failed to solve with frontend dockerfile.v0: failed to create LLB definition: pulling from host 127.0.0.1:5001 failed with status code [manifests v1]: 401 Unauthorized";
    const error = explainBuildkitFailure(failed(message), "app:1");
    assert.match(error.message, /the registry 127\.0\.0\.1:5001 refused the credentials.*address: "127\.0\.0\.1:5001"/);
  });

  it("advises the classic builder when engine 20.10's BuildKit cannot fetch a git context's subfolder", () => {
    const message =
      "failed to solve with frontend dockerfile.v0: failed to read dockerfile: failed to load cache key: subdir not supported yet";
    const error = new BuildError(
      `Build of "app:1" failed at step [internal] load git source http://h/r.git#main:svc: ${message}`,
    );
    assert.match(explainBuildkitFailure(error, "app:1").message, /Hint: .*git context .*builder: "classic"/);
  });

  it("returns other failures as they are", () => {
    const error = failed("process did not complete successfully: exit code: 3");
    assert.equal(explainBuildkitFailure(error, "app:1"), error);
  });
});
