import { z } from "zod";
import { INVITES_APIS } from "./connections";
import { atlasIdSchema } from "./ids";
import { grantsSchema } from "./grants";

/**
 * The legacy invitations API's end (x-sunset of every invitation operation's 2023-01-01 version). The console
 * prefers the Sunset header Atlas sends (lib/server/atlas/clock.ts); this is the fallback before any answer.
 */
export const LEGACY_SUNSET_DATE = "2027-07-01";

/** What a legacy invitation becomes (docs/sunset.md):
 * - create: a new users-API org invitation (legacy project invitation, nobody pending with that address);
 * - merge: the project's roles added to the person's pending org invitation (PATCH), then the project one cancelled;
 * - adopt: a legacy org invitation is already a PENDING user of the users API: the console takes it over by its
 *   user id (with a PATCH only where the users API shows other grants); nothing is cancelled;
 * - blocked: nothing can be done from here (the reason says why). */
const REPLACEMENT_ACTIONS = ["create", "merge", "adopt", "blocked"] as const;
export type ReplacementAction = (typeof REPLACEMENT_ACTIONS)[number];

export const sunsetItemSchema = z.object({
  /** The legacy invitation id (org or project invitation). */
  id: atlasIdSchema,
  kind: z.enum(["org", "project"]),
  email: z.string(),
  projectId: z.string().nullable(),
  grants: grantsSchema,
  expiresAt: z.string().nullable(),
  replacement: z.object({
    action: z.enum(REPLACEMENT_ACTIONS),
    grants: grantsSchema,
    /** The users-API user it merges into or adopts. */
    userId: z.string().nullable(),
    note: z.string(),
  }),
  /** A migration that stopped half-way (the replacement exists, the legacy one is not cancelled yet). */
  halfDone: z.boolean(),
});
export type SunsetItem = z.infer<typeof sunsetItemSchema>;

const sunsetClockSchema = z.object({
  sunsetAt: z.string(),
  deprecatedAt: z.string().nullable(),
  atlasNow: z.string(),
  daysLeft: z.number().int(),
  retired: z.boolean(),
  source: z.enum(["atlas", "console"]),
});

export const sunsetReadinessSchema = z.object({
  orgId: z.string(),
  connection: z.object({ id: z.string(), name: z.string(), invitesApi: z.enum(INVITES_APIS) }),
  clock: sunsetClockSchema,
  /** Every connection of the console still in invitations mode (each reads and writes the legacy API). */
  legacyConnections: z.array(z.object({ id: z.string(), name: z.string() })),
  items: z.array(sunsetItemSchema),
  /** Past the sunset: legacy invitations the ledger remembers but Atlas no longer lets anyone read. */
  unreadable: z.array(
    z.object({ email: z.string(), kind: z.enum(["org", "project"]), projectId: z.string().nullable() }),
  ),
  /** Why part of the picture is missing (the legacy API answered 410, a project was not readable...). */
  notes: z.array(z.string()),
  /** How many things still depend on the legacy API (connections in its mode, items, unreadable ones). */
  dependsCount: z.number().int().nonnegative(),
});
export type SunsetReadiness = z.infer<typeof sunsetReadinessSchema>;

/** Migrate the listed legacy invitation ids, or every one the readiness lists. */
export const migrateInputSchema = z
  .object({
    ids: z.array(atlasIdSchema).min(1, "name at least one invitation").max(200).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((v) => (v.ids ? 1 : 0) + (v.all ? 1 : 0) === 1, {
    message: "send either ids (legacy invitation ids) or all: true",
  });
export type MigrateInput = z.infer<typeof migrateInputSchema>;

export const migrateResultSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  kind: z.enum(["org", "project"]).nullable(),
  outcome: z.enum(["migrated", "partial", "failed", "skipped"]),
  message: z.string(),
  /** The users-API user id of the replacement. */
  replacementId: z.string().nullable(),
});
export type MigrateResult = z.infer<typeof migrateResultSchema>;
export const migrateResponseSchema = z.object({ results: z.array(migrateResultSchema) });
