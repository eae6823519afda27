import { cancelInputSchema } from "@/lib/schemas/invitations";
import { invitationParamsSchema } from "@/lib/schemas/params";
import { HttpError } from "@/lib/server/api/errors";
import { withConsole } from "@/lib/server/api/with-console";
import { isAtlasError } from "@/lib/server/atlas/errors";
import { atlasForOrg } from "@/lib/server/console/connection";
import { cancelInvitation } from "@/lib/server/console/invitations";

export const DELETE = withConsole(
  { action: "invitations.cancel", params: invitationParamsSchema, body: cancelInputSchema },
  async ({ params, body, actor }) => {
    const { http } = await atlasForOrg(params.orgId);
    try {
      await cancelInvitation(
        http,
        {
          orgId: params.orgId,
          id: params.invitationId,
          source: body.source,
          projectId: body.projectId,
          email: body.email ?? null,
        },
        { actor },
      );
    } catch (e) {
      const who = body.email ? `for ${body.email} ` : "";
      if (isAtlasError(e) && e.status === 404) {
        throw new HttpError(
          "not_found",
          `The invitation ${who}is no longer pending: it was accepted or cancelled meanwhile.`,
        );
      }
      if (isAtlasError(e) && e.status === 409 && e.errorCode?.startsWith("INVITATION_")) {
        const state = e.errorCode === "INVITATION_ACTIVE" ? "was accepted" : "is no longer pending";
        throw new HttpError("conflict", `The invitation ${who}${state}: there is nothing to cancel.`);
      }
      throw e;
    }
    return { status: 204 };
  },
);
