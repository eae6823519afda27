import { z } from "zod";
import { ROLES } from "../permissions";
import { plainTextSchema } from "./text";

const roleSchema = z.enum(ROLES);

export const createUserSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("enter one e-mail address"))
    .refine((e) => e.length <= 254, "this address is too long"),
  role: roleSchema,
  name: plainTextSchema().trim().max(100).optional(),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({ role: roleSchema.optional(), active: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined, "change the role or the active flag");
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userParamsSchema = z.object({ userId: z.uuid("not a console user id") });

export const consoleUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  active: z.boolean(),
  twoFactorEnabled: z.boolean(),
  signIn: z.object({ password: z.boolean(), sso: z.boolean() }),
  createdAt: z.string(),
});
export type ConsoleUserRow = z.infer<typeof consoleUserSchema>;

export const usersListSchema = z.object({ users: z.array(consoleUserSchema) });
/**
 * How a set-password link reached its user: e-mailed (SMTP configured; the link is not shown), or shown to the
 * admin to hand over (no SMTP, or the e-mail failed: emailError says why).
 */
const linkDelivery = { emailed: z.boolean(), emailError: z.string().nullable() };
export const userCreatedSchema = z.object({
  user: consoleUserSchema,
  setPasswordUrl: z.string().nullable(),
  ...linkDelivery,
});
export const userUpdatedSchema = z.object({ user: consoleUserSchema });
export const setPasswordLinkSchema = z.object({ setPasswordUrl: z.string().nullable(), ...linkDelivery });
