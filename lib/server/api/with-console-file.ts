import "server-only";
import type { z } from "zod";
import type { Action } from "@/lib/permissions";
import { mapError } from "./errors";
import { withConsole } from "./with-console";

// A download (CSV, JSON file) behind the same checks as every JSON route: withConsole authenticates, authorizes
// and parses the path's ids (its 204 means "go on"), then the file is answered with no-store and nosniff. Errors,
// before or after, are the one JSON envelope.

export interface ConsoleFile {
  body: BodyInit;
  filename: string;
  contentType: string;
}

export function withConsoleFile<P = Record<string, never>>(
  opts: { action: Action; params?: z.ZodType<P> },
  handler: (ctx: { params: P; url: URL }) => Promise<ConsoleFile>,
) {
  const authorize = withConsole(
    { action: opts.action, ...(opts.params ? { params: opts.params } : {}) },
    async () => ({ status: 204 }),
  );
  return async (
    req: Request,
    ctx: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    const url = new URL(req.url);
    // Without the query string: ?envelope=true must not turn the gate's 204 into a 200.
    const gate = await authorize(new Request(`${url.origin}${url.pathname}`, { headers: req.headers }), ctx);
    if (gate.status !== 204) return gate;
    try {
      const raw = (await ctx?.params) ?? {};
      const params = (opts.params ? opts.params.parse(raw) : raw) as P;
      const file = await handler({ params, url });
      return new Response(file.body, {
        status: 200,
        headers: {
          "Content-Type": file.contentType,
          "Content-Disposition": `attachment; filename="${file.filename}"`,
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
        },
      });
    } catch (e) {
      const mapped = mapError(e);
      return Response.json(mapped.body, {
        status: mapped.status,
        headers: { "Cache-Control": "no-store", ...mapped.headers },
      });
    }
  };
}
