// The bootstrap admin key: TANDEM_ADMIN_KEY when set; otherwise generated on first start,
// stored (mode 0600) under the data directory and printed once.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { generateApiKey } from "./services/api-key-service.js";

export function resolveAdminKey(args: { fromEnv: string | undefined; dataDir: string }): { key: string; generated: boolean; path: string } {
  const path = join(args.dataDir, "admin-key");
  if (args.fromEnv) return { key: args.fromEnv, generated: false, path };
  if (existsSync(path)) {
    const key = readFileSync(path, "utf8").trim();
    if (key.length >= 16) return { key, generated: false, path };
  }
  mkdirSync(args.dataDir, { recursive: true });
  const key = generateApiKey();
  writeFileSync(path, key + "\n", { mode: 0o600 });
  return { key, generated: true, path };
}
