import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  appDirName,
  detectAutoDockerfileInputs,
  generateDockerfile,
  uniqueDockerfileName,
  type AutoDockerfileInputs,
} from "../../../provider/build-context/auto-dockerfile";
import { withTree } from "../../support/context-tree";

const none = { hasPackageJson: false, hasPackageLock: false, hasRequirementsTxt: false };

function dockerfile(overrides: Partial<AutoDockerfileInputs>): string {
  return generateDockerfile({ baseImage: "base:1", contextDirName: "web", ...none, ...overrides });
}

describe("generateDockerfile", () => {
  it("copies the context into /opt/app/<folder>/ when there are no manifests", () => {
    assert.equal(dockerfile({}), "FROM base:1\nWORKDIR /opt/app/web/\nCOPY . /opt/app/web/\n");
  });

  it("installs npm dependencies with npm ci when a lock file exists", () => {
    assert.equal(
      dockerfile({ hasPackageJson: true, hasPackageLock: true }),
      "FROM base:1\nWORKDIR /opt/app/web/\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . /opt/app/web/\n",
    );
  });

  it("installs npm dependencies with npm install when there is no lock file", () => {
    assert.equal(
      dockerfile({ hasPackageJson: true }),
      "FROM base:1\nWORKDIR /opt/app/web/\nCOPY package*.json ./\nRUN npm install --omit=dev\nCOPY . /opt/app/web/\n",
    );
  });

  it("ignores a lock file without a package.json", () => {
    assert.equal(dockerfile({ hasPackageLock: true }), dockerfile({}));
  });

  it("installs Python requirements with pip", () => {
    assert.equal(
      dockerfile({ hasRequirementsTxt: true }),
      "FROM base:1\nWORKDIR /opt/app/web/\nCOPY requirements.txt ./\n" +
        "RUN python -m pip install --no-cache-dir -r requirements.txt\nCOPY . /opt/app/web/\n",
    );
  });

  it("installs npm dependencies before Python requirements when both exist", () => {
    assert.equal(
      dockerfile({ hasPackageJson: true, hasPackageLock: true, hasRequirementsTxt: true }),
      [
        "FROM base:1",
        "WORKDIR /opt/app/web/",
        "COPY package*.json ./",
        "RUN npm ci --omit=dev",
        "COPY requirements.txt ./",
        "RUN python -m pip install --no-cache-dir -r requirements.txt",
        "COPY . /opt/app/web/",
        "",
      ].join("\n"),
    );
  });

  it("falls back to /opt/app/app/ when the folder name is not a safe path segment", () => {
    assert.match(dockerfile({ contextDirName: "my app" }), /^WORKDIR \/opt\/app\/app\/$/m);
    assert.match(dockerfile({ contextDirName: "/" }), /^COPY \. \/opt\/app\/app\/$/m);
  });
});

describe("appDirName", () => {
  it("keeps plain names and replaces empty, dotted, spaced or slashed ones with app", () => {
    assert.deepEqual(["api", "my-app_2.0", "", ".", "..", ".hidden", "a b", "a/b", "a\\b", "é"].map(appDirName), [
      "api",
      "my-app_2.0",
      "app",
      "app",
      "app",
      "app",
      "app",
      "app",
      "app",
      "app",
    ]);
  });
});

describe("detectAutoDockerfileInputs", () => {
  it("finds package.json, a lock file and requirements.txt", async () => {
    await withTree({ "package.json": "{}", "package-lock.json": "{}", "requirements.txt": "" }, async (dir) => {
      assert.deepEqual(await detectAutoDockerfileInputs(dir), {
        hasPackageJson: true,
        hasPackageLock: true,
        hasRequirementsTxt: true,
      });
    });
  });

  it("counts npm-shrinkwrap.json as a lock file and reports missing files as absent", async () => {
    await withTree({ "npm-shrinkwrap.json": "{}", "src/requirements.txt": "" }, async (dir) => {
      assert.deepEqual(await detectAutoDockerfileInputs(dir), { ...none, hasPackageLock: true });
    });
  });
});

describe("uniqueDockerfileName", () => {
  it("derives the name from the content's sha256", async () => {
    await withTree({}, async (dir) => {
      const hex = createHash("sha256").update("FROM scratch\n").digest("hex").slice(0, 12);
      const name = await uniqueDockerfileName(dir, "FROM scratch\n");
      assert.equal(name, `.pulumi-docker-dynamic.${hex}.Dockerfile`);
      assert.equal(name, await uniqueDockerfileName(dir, Buffer.from("FROM scratch\n")));
      assert.notEqual(name, await uniqueDockerfileName(dir, "FROM busybox\n"));
    });
  });

  it("adds a counter while the name is taken in the context", async () => {
    await withTree({}, async (dir) => {
      const first = await uniqueDockerfileName(dir, "FROM scratch\n");
      const hex = first.split(".")[2];
      await withTree({ [first]: "x", [`.pulumi-docker-dynamic.${hex}.1.Dockerfile`]: "y" }, async (taken) => {
        assert.equal(await uniqueDockerfileName(taken, "FROM scratch\n"), `.pulumi-docker-dynamic.${hex}.2.Dockerfile`);
      });
    });
  });
});
