import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Simulator } from "./simulator";
import type { SeedInput } from "./simulator";

export interface SimulatorOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: SeedInput;
}

export interface RunningSimulator {
  url: string;
  port: number;
  host: string;
  sim: Simulator;
  server: Server;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = new Simulator(opts.seed ?? "demo");
  const host = opts.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    sim.handle(req, res).catch((e: unknown) => {
      console.error("[sim] unhandled error:", e);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "application/json");
        res.end(
          JSON.stringify({
            detail: "Unexpected error.",
            error: 500,
            errorCode: "UNEXPECTED_ERROR",
            parameters: [],
            reason: "Internal Server Error",
          }),
        );
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    host,
    sim,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
