// A small TCP proxy for outage tests: the app talks to the database through it, and the test can
// cut the line. `stop()` destroys every open connection and closes the listening socket (new
// connections are refused, as when PostgreSQL is down); `start()` listens again on the same port.
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** The port the proxy listens on (stable across stop/start). */
  readonly port: number;
  /** `url` (a postgresql:// URL of the target) with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  /** Connections currently open through the proxy. */
  readonly openConnections: number;
  /** Connections accepted since the proxy was created. */
  readonly acceptedConnections: number;
  /** Cuts every connection and refuses new ones. */
  stop(): Promise<void>;
  /** Accepts connections again on the same port. */
  start(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, listenHost = "127.0.0.1"): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  let accepted = 0;
  let server: Server | undefined;
  let port = 0;

  const track = (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  };

  function newServer(): Server {
    return createServer({ pauseOnConnect: true }, (client) => {
      accepted += 1;
      track(client);
      clients.add(client);
      client.once("close", () => clients.delete(client));
      const upstream = createConnection({ host: target.host, port: target.port });
      track(upstream);
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      const cut = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", cut);
      upstream.on("error", cut);
      client.on("close", cut);
      upstream.on("close", cut);
      upstream.once("connect", () => {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    });
  }

  async function listen(onPort: number): Promise<void> {
    // The port was ours a moment ago; retry briefly in case the OS has not released it yet.
    for (let attempt = 0; ; attempt += 1) {
      const srv = newServer();
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once("error", reject);
          srv.listen(onPort, listenHost, () => {
            srv.off("error", reject);
            resolve();
          });
        });
        server = srv;
        const address = srv.address();
        port = typeof address === "object" && address !== null ? address.port : onPort;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async function stop(): Promise<void> {
    const srv = server;
    server = undefined;
    for (const s of sockets) s.destroy();
    sockets.clear();
    clients.clear();
    if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  await listen(0);

  return {
    get port() {
      return port;
    },
    get openConnections() {
      return clients.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    rewrite(url: string): string {
      const u = new URL(url);
      u.hostname = listenHost;
      u.port = String(port);
      return u.toString();
    },
    stop,
    async start() {
      if (!server) await listen(port);
    },
    close: stop,
  };
}

/** Host and port of a postgresql:// URL. */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname || "127.0.0.1", port: Number(u.port || 5432) };
}
