import "server-only";
import { z } from "zod";
import type { AtlasAnswer, AtlasHttp } from "./http";

// createUser (POST /api/atlas/v2/users, the Atlas CLI's `atlas users invite`): deprecated since 2025-02-19,
// sunset 2027-07-01, served only as version 2023-01-01. Atlas answers 201 with Location (its spec says 200)
// and `roles: []` until the person accepts (sim/README.md, "createUser").
const CREATE_USER_VERSION = "2023-01-01" as const;

const cloudAppUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.string().optional(),
});
export type CloudAppUser = z.infer<typeof cloudAppUserSchema>;

export interface NewAtlasAccount {
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  country: string;
  /** E.164. */
  mobileNumber?: string;
  roles: ({ orgId: string; roleName: string } | { groupId: string; roleName: string })[];
}

/**
 * Creates the account, with the status Atlas sent (201, or 200 as its spec says); a POST, so never retried
 * after a 5xx or timeout (lib/server/atlas/http.ts).
 */
export function createAtlasAccount(
  http: AtlasHttp,
  account: NewAtlasAccount,
): Promise<AtlasAnswer<CloudAppUser>> {
  return http.send({
    method: "POST",
    template: "createUser",
    version: CREATE_USER_VERSION,
    body: account,
    schema: cloudAppUserSchema,
  });
}
