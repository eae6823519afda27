import { handleScim } from "@/lib/server/provisioning/scim/handle";

// The SCIM 2.0 service provider for identity providers (docs/provisioning.md). Authentication is the org's
// provisioning token, checked in lib/server/provisioning/scim/handle.ts: no session, no Origin (an IdP is a
// server, not a browser), and no console route wrapper: every answer, errors included, is SCIM's.

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ path?: string[] }> };

const handler = async (req: Request, { params }: Params) => handleScim(req, (await params).path ?? []);

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
