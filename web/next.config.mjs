// Next.js config for the Tandem dashboard.
//
// The project directory is `web/`, but it has no package.json and no
// node_modules of its own: dependencies live in the repository root, which is
// built with `next build web` from there. An explicit `.mjs` config keeps this
// independent from the root package.json's `"type": "module"`.
import { fileURLToPath } from "node:url";

/** Repository root: where node_modules and package-lock.json live. */
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `next dev` refuses its HMR socket to origins other than localhost; 127.0.0.1 is the same host.
  allowedDevOrigins: ["127.0.0.1"],
  // Let Turbopack resolve `next`, `react`, ... from the root node_modules,
  // and trace server files from there too (both must be the same directory).
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
};

export default nextConfig;
