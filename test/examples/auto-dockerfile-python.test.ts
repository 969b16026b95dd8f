import { testEnvironment } from "../support/environment";
import { autoDockerfileSuite } from "./auto-dockerfile-suite";

autoDockerfileSuite({
  name: "auto-dockerfile-python",
  baseImage: testEnvironment().pythonImage,
  installs: "pip install",
  installLines: ["COPY requirements.txt ./", "RUN python -m pip install --no-cache-dir -r requirements.txt"],
  run: ["python", "main.py"],
  firstOutput: /^Hello from a generated Python Dockerfile \(Python 3\.\d+\.\d+\)$/,
});
