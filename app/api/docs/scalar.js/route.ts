import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import { checkReferenceCaller, SCALAR_BUNDLE } from "@/lib/openapi/reference-page";

/** GET /api/docs/scalar.js — Scalar's standalone bundle from this origin (the page's CSP allows no other). */
export async function GET(
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
): Promise<Response> {
  const refused = await checkReferenceCaller(req, ctx);
  if (refused) return refused;
  if (!existsSync(SCALAR_BUNDLE)) {
    return Response.json(
      { error: { code: "not_found", message: "The API reference viewer is not installed on this console." } },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  return new Response(Readable.toWeb(createReadStream(SCALAR_BUNDLE)) as ReadableStream, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
