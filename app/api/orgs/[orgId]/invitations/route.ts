import { ERROR_CODES } from "@/lib/api-client/errors";
import type { ErrorCode } from "@/lib/api-client/errors";
import { PRIVILEGED_ORG_ROLES, can } from "@/lib/permissions";
import { inviteFieldForAtlasCode, inviteInputSchema } from "@/lib/schemas/invitations";
import { orgParamsSchema } from "@/lib/schemas/params";
import { HttpError } from "@/lib/server/api/errors";
import { withConsole } from "@/lib/server/api/with-console";
import { atlasForOrg } from "@/lib/server/console/connection";
import { nameConnectionInviters } from "@/lib/server/console/connection-inviters";
import { inviteMany, listPendingInvitations } from "@/lib/server/console/invitations";

export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => {
    const list = await listPendingInvitations((await atlasForOrg(params.orgId)).http, params.orgId);
    return { body: await nameConnectionInviters(list) };
  },
);

export const POST = withConsole(
  { action: "invitations.create", params: orgParamsSchema, body: inviteInputSchema },
  async ({ params, body, req, user, actor }) => {
    const privileged = body.orgRoles.filter((r) => PRIVILEGED_ORG_ROLES.includes(r));
    if (privileged.length > 0 && !can(user.role, "invitations.grant_privileged")) {
      const message = `Only console admins may grant ${privileged.join(" or ")}.`;
      throw new HttpError("forbidden", message, { orgRoles: message });
    }
    const key = req.headers.get("idempotency-key");
    if (key !== null && !/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
      throw new HttpError("invalid_input", "Idempotency-Key must be 8 to 100 letters, digits, - or _.");
    }
    const { http } = await atlasForOrg(params.orgId);
    const results = await inviteMany(http, params.orgId, body, key, { actor });
    // A single address that was refused answers with the error itself, so the form can show it in place.
    if (results.length === 1 && results[0]!.outcome !== "invited") {
      const r = results[0]!;
      const code = (ERROR_CODES as readonly string[]).includes(r.code ?? "")
        ? (r.code as ErrorCode)
        : "internal";
      const message = r.message ?? "Not invited.";
      // Next to the field Atlas's code names (a missing team → Teams), else next to the address.
      const field = inviteFieldForAtlasCode(r.atlasErrorCode) ?? "emails";
      throw new HttpError(code, message, { [field]: message }, r.status ?? undefined);
    }
    const created = results.some((r) => r.outcome === "invited");
    return { status: created ? 201 : 200, body: { results } };
  },
);
