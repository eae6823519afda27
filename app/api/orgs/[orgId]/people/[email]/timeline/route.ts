import { personParamsSchema } from "@/lib/schemas/ledger-api";
import { withConsole } from "@/lib/server/api/with-console";
import { personTimeline } from "@/lib/server/ledger/person-timeline";

/** A person's invitations in an org and every step of them, with the console user behind each. */
export const GET = withConsole(
  { action: "invitations.read", params: personParamsSchema },
  async ({ params }) => ({ body: await personTimeline(params.orgId, params.email) }),
);
