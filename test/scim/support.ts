// Calling the SCIM endpoint (app/scim/v2/[[...path]]/route.ts) as Next.js does, with a provisioning token,
// and waiting for the provisioning worker to bring Atlas (the simulator) in line.
import { and, eq, isNotNull } from "drizzle-orm";
import * as scimRoute from "@/app/scim/v2/[[...path]]/route";
import { getDb } from "@/lib/server/db";
import { scimUsers } from "@/lib/server/db/schema";
import { workOrg } from "@/lib/server/provisioning/worker";
import { createProvisioningToken } from "@/lib/server/provisioning/tokens";

export const SCIM_BASE = "http://127.0.0.1:3999/scim/v2";
export const USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface ScimAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export async function scimToken(orgId: string, name = `idp-${Math.random().toString(36).slice(2, 8)}`) {
  const { secret } = await createProvisioningToken({
    orgId,
    name,
    actor: { userId: null, email: "admin@scim.test", ip: "127.0.0.1", userAgent: "vitest" },
  });
  return secret;
}

export async function scim(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ScimAnswer> {
  const url = `${SCIM_BASE}${path}`;
  const segments = new URL(url).pathname
    .replace(/^\/scim\/v2\/?/, "")
    .split("/")
    .filter(Boolean)
    .map(decodeURIComponent);
  const req = new Request(url, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const handler = (scimRoute as unknown as Record<string, typeof scimRoute.GET>)[method]!;
  const res = await handler(req, { params: Promise.resolve({ path: segments }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Works the org's directory changes until Atlas has followed them all. */
export async function settled(orgId: string): Promise<void> {
  const db = await getDb();
  for (let i = 0; i < 400; i++) {
    const result = await workOrg(orgId, "test-worker", 30_000);
    const [left] = await db
      .select({ id: scimUsers.id })
      .from(scimUsers)
      .where(and(eq(scimUsers.orgId, orgId), isNotNull(scimUsers.dirtyAt)))
      .limit(1);
    if (result === "idle" && !left) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the provisioning worker did not settle");
}

export const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER_URN],
  userName,
  name: { givenName: "Test", familyName: "User" },
  emails: [{ value: userName, type: "work", primary: true }],
  active: true,
  ...extra,
});
