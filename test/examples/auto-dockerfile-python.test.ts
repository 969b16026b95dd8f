import { testEnvironment } from "../support/environment";
import { exampleLifecycle } from "../support/example-lifecycle";
import { autoDockerfileCase } from "./auto-dockerfile-case";

exampleLifecycle(
  autoDockerfileCase({
    name: "auto-dockerfile-python",
    baseImage: testEnvironment().pythonImage,
    installs: "pip install",
    installLines: ["COPY requirements.txt ./", "RUN python -m pip install --no-cache-dir -r requirements.txt"],
    run: ["python", "main.py"],
    firstOutput: /^Hello from a generated Python Dockerfile \(Python 3\.\d+\.\d+\)$/,
  }),
);
