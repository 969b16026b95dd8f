import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { registryServerError } from "../../../provider/image-push/run-push";

describe("registryServerError", () => {
  it("finds the registry's server error in both engines' push errors", () => {
    assert.equal(
      registryServerError(
        'Push of "localhost:5000/a:x" failed: received unexpected HTTP status: 500 Internal Server Error',
      ),
      "500 Internal Server Error",
    );
    assert.equal(
      registryServerError(
        "failed commit on ref: unexpected status from PUT request to http://127.0.0.1:5000/v2/a/manifests/x: 503 Service Unavailable",
      ),
      "503 Service Unavailable",
    );
    assert.equal(registryServerError("received unexpected HTTP status: 502 Bad Gateway"), "502 Bad Gateway");
    assert.equal(
      registryServerError('Push of "a:x" failed: error from registry: unknown error - invalid checksum digest format'),
      "error from registry: unknown error",
    );
  });

  it("leaves every other failure alone: those are not sent again", () => {
    for (const message of [
      "unauthorized: authentication required",
      "denied: requested access to the resource is denied",
      "received unexpected HTTP status: 404 Not Found",
      "dial tcp 127.0.0.1:5000: connect: connection refused",
      "blob upload unknown to registry",
      "layer of 500 bytes failed",
      "error from registry: manifest invalid - manifest invalid",
    ]) {
      assert.equal(registryServerError(message), undefined, message);
    }
  });
});
