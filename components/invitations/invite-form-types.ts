import type { z } from "zod";
import { defaultGrants } from "@/lib/schemas/grants";
import type { inviteInputSchema } from "@/lib/schemas/invitations";

/** What the invite form holds: the input side of the same schema the route handler parses. */
export type InviteFormValues = z.input<typeof inviteInputSchema>;

export const INVITE_DEFAULTS: InviteFormValues = {
  emails: "",
  ...defaultGrants(),
};

export interface Named {
  id: string;
  name: string;
}
