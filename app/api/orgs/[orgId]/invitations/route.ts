import { LIST_STREAM_TYPE, acceptsListStream } from "@/lib/invitations/list-stream";
import { invitationListQuerySchema, inviteInputSchema } from "@/lib/schemas/invitations";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { createInvitations, invitationsAnswer } from "@/lib/server/invitations/create-invitations";
import { listInvitations } from "@/lib/server/invitations/list-invitations";
import { streamInvitations } from "@/lib/server/invitations/stream-invitations";

// JSON unless the caller asks for the stream (docs/api.md, "The pending list as a stream"): ?stream=ndjson,
// which a preload can name, or Accept: application/x-ndjson.
const wantsStream = (req: Request, url: URL) =>
  invitationListQuerySchema.parse(Object.fromEntries(url.searchParams)).stream === "ndjson" ||
  acceptsListStream(req.headers.get("accept"));

export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params, req, url }) =>
    wantsStream(req, url)
      ? {
          stream: await streamInvitations(params.orgId),
          headers: { "Content-Type": `${LIST_STREAM_TYPE}; charset=utf-8` },
        }
      : { body: await listInvitations(params.orgId) },
);

export const POST = withConsole(
  { action: "invitations.create", params: orgParamsSchema, body: inviteInputSchema },
  async ({ params, body, req, user, actor }) =>
    invitationsAnswer(
      await createInvitations({
        orgId: params.orgId,
        input: body,
        idempotencyKey: req.headers.get("idempotency-key"),
        actor,
        role: user.role,
      }),
    ),
);
