import { isValid as isCountryCode } from "i18n-iso-countries";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { emailSchema } from "./invitations";
import { grantsInputSchema, refineDistinctProjects } from "./grants";
import { atlasIdSchema } from "./ids";
import { plainTextSchema } from "./text";

// The "Create Atlas account" form and POST /api/orgs/{orgId}/atlas-users: one schema for both. Atlas's
// createUser (POST /api/atlas/v2/users, deprecated, sunset 2027-07-01) makes a new Atlas login and invites it.

/** Minimum zxcvbn score (0–4) for the password: checked in the browser as you type and on the server. */
export const MIN_PASSWORD_SCORE = 3;
export const MIN_PASSWORD_LENGTH = 10;
/**
 * Atlas's API sets no maximum (spec: minLength 8); 128 is generous for any password manager and keeps the
 * strength check bounded (lib/password-strength.ts scores the first STRENGTH_CHECKED_LENGTH characters).
 */
export const MAX_PASSWORD_LENGTH = 128;

/** The mobile number in E.164 for the chosen country, or null when it is not a valid number there. */
export function normalizeMobile(value: string, country: string): string | null {
  const parsed = parsePhoneNumberFromString(value, country as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}

const name = (label: string) =>
  plainTextSchema()
    .trim()
    .min(1, `enter the ${label}`)
    .max(100, `the ${label} is too long (100 characters at most)`);

export const createAtlasUserSchema = z
  .object({
    username: emailSchema,
    firstName: name("first name"),
    lastName: name("last name"),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "pick a country")
      .refine((c) => isCountryCode(c), "pick a country from the list"),
    // Optional, as in the Atlas CLI's `users invite` (Atlas accepts an account without one); "" is none.
    mobileNumber: plainTextSchema()
      .trim()
      .max(40)
      .optional()
      .transform((v) => (v ? v : undefined)),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(MAX_PASSWORD_LENGTH, `${MAX_PASSWORD_LENGTH} characters at most`),
    ...grantsInputSchema.shape,
    // The shared role fields hold teams too; createUser cannot carry them, so the form keeps this empty.
    teamIds: z.array(atlasIdSchema).max(0, "createUser cannot add teams").default([]),
  })
  .superRefine((v, ctx) => {
    if (/^[A-Z]{2}$/.test(v.country) && v.mobileNumber && !normalizeMobile(v.mobileNumber, v.country)) {
      ctx.addIssue({
        code: "custom",
        path: ["mobileNumber"],
        message: "is not a valid mobile number for the chosen country",
      });
    }
    refineDistinctProjects(v, ctx);
  });
export type CreateAtlasUserInput = z.infer<typeof createAtlasUserSchema>;
export type CreateAtlasUserFormValues = z.input<typeof createAtlasUserSchema>;

/** What the route answers: the new account and its pending invitation (never the password). */
export const createdAtlasUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type CreatedAtlasUser = z.infer<typeof createdAtlasUserSchema>;

/**
 * Which form field an Atlas createUser error concerns: from its errorCode and, for attribute errors, the
 * attribute Atlas names (badRequestDetail). `orgRoleCount` tells org roles from project roles in `roles[i]`
 * (the console sends the org roles first).
 */
export function atlasUserFieldFor(
  errorCode: string | null | undefined,
  attribute: string | null | undefined,
  orgRoleCount: number,
): keyof CreateAtlasUserFormValues | null {
  const a = attribute ?? "";
  const index = /^roles\[(\d+)\]/.exec(a);
  const rolesField = index ? (Number(index[1]) < orgRoleCount ? "orgRoles" : "projectRoles") : null;
  switch (errorCode) {
    case "INVALID_EMAIL_ADDRESS":
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_INVITED":
    case "USER_ALREADY_IN_ORG":
      return "username";
    case "COMMON_PASSWORD":
      return "password";
    case "ORG_NOT_FOUND":
    case "INVALID_ORG_ID":
      return "orgRoles";
    case "GROUP_NOT_FOUND":
    case "INVALID_GROUP_ID":
      return "projectRoles";
    case "INVALID_ENUM_VALUE":
    case "MISSING_ATTRIBUTE":
    case "INVALID_ATTRIBUTE":
      if (/^(username|password|firstName|lastName|country|mobileNumber)$/.test(a))
        return a as keyof CreateAtlasUserFormValues;
      return rolesField ?? (a === "roles" ? "orgRoles" : null);
    default:
      return null;
  }
}
