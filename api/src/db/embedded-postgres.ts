// The embedded database: PGlite (PostgreSQL compiled to WASM) persisted in a directory and served
// over the PostgreSQL wire protocol on a free local port, so the unmodified pg/TypeORM code runs
// against it. PGlite has ONE backend session: clients must use a pool of max 1.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** Starts PGlite with its data in `dataDir` (undefined → in memory) on 127.0.0.1:`port` (0 → free port). */
export async function startEmbeddedPostgres(args: { dataDir: string | undefined; port?: number }): Promise<EmbeddedPostgres> {
  if (args.dataDir !== undefined) mkdirSync(args.dataDir, { recursive: true });
  const db = await PGlite.create(args.dataDir === undefined ? {} : { dataDir: args.dataDir });
  const port = args.port ?? (await freePort());
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 8 }) // the app itself uses ONE connection (pool max 1); others are for tools and tests;
  await server.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}
