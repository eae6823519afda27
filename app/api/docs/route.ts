import { checkReferenceCaller, referencePage } from "@/lib/openapi/reference-page";

/** GET /api/docs — the API reference page (Scalar) over /api/openapi.json, for anyone signed in. */
export async function GET(
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
): Promise<Response> {
  return (await checkReferenceCaller(req, ctx)) ?? referencePage();
}
