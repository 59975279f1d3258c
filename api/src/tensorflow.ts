// Loads TensorFlow.js with its WebAssembly backend (tfjs-node cannot install here: its install
// script downloads a native library). Undefined when it cannot start: multivariate drift is then
// reported as unavailable, and everything else works.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as TF from "@tensorflow/tfjs";

let loading: Promise<typeof TF | undefined> | undefined;

export function loadTensorflow(log: (level: "info" | "warn" | "error", message: string, error?: unknown) => void): Promise<typeof TF | undefined> {
  loading ??= (async () => {
    try {
      const tf = await import("@tensorflow/tfjs");
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/"));
      await tf.setBackend("wasm");
      await tf.ready();
      return tf;
    } catch (error) {
      log("warn", "TensorFlow.js (wasm) did not start: multivariate drift is unavailable", error);
      return undefined;
    }
  })();
  return loading;
}
