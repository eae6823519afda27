// Requests exactly as written, through a real socket: no URL normalisation on the way (fetch and Playwright's
// request context would re-encode a malformed path or query), for the specs that send hostile input.
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { ADMIN_STATE } from "./ports";

export interface RawAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One request with the path (and query) exactly as written. */
export function raw(
  base: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, path, method: opts.method ?? "GET", headers: opts.headers },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** The Cookie header of the demo admin's saved session on the console at `port` (the `setup` project's). */
export function adminCookie(port: number): string {
  const state = JSON.parse(readFileSync(ADMIN_STATE(port), "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Writes `bytes` on a new connection and returns all the server sent until it closed the connection. */
export function rawSocket(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.write(bytes, "latin1"));
    let received = "";
    socket.on("data", (c: Buffer) => (received += c.toString("latin1")));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
}
