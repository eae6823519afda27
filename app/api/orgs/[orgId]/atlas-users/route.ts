import { createAtlasUserSchema } from "@/lib/schemas/atlas-users";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { createAtlasUser } from "@/lib/server/atlas-users/create-atlas-user";

// A new Atlas account invited to the org (Atlas's deprecated createUser): admins only.
export const POST = withConsole(
  { action: "atlas_users.create", params: orgParamsSchema, body: createAtlasUserSchema },
  async ({ params, body, user, actor }) => ({
    status: 201,
    body: await createAtlasUser({ orgId: params.orgId, input: body, actor, role: user.role }),
  }),
);
