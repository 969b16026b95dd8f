import { testEnvironment } from "../support/environment";
import { exampleLifecycle } from "../support/example-lifecycle";
import { autoDockerfileCase } from "./auto-dockerfile-case";

exampleLifecycle(
  autoDockerfileCase({
    name: "auto-dockerfile",
    baseImage: testEnvironment().nodeImage,
    installs: "npm ci",
    installLines: ["COPY package*.json ./", "RUN npm ci --omit=dev"],
    run: ["node", "index.mjs"],
    firstOutput: /^Hello from a generated Dockerfile \(pdd-auto-dockerfile-app@1\.0\.0 on Node\.js v22\./,
  }),
);
