import { z } from "zod";
import { grantsSchema, projectRolesInputSchema, teamIdsInputSchema } from "./grants";
import { atlasIdSchema } from "./ids";
import { INVITATION_SOURCES } from "./invitations";
import {
  BULK_KINDS,
  BULK_PLAN_BUCKETS,
  BULK_ROW_STATES,
  BULK_RUN_STATUSES,
  type BulkPlanBucket,
  type BulkRowState,
} from "./onboarding";
import { ORG_ROLE_VALUES } from "./roles";

// The bulk API (docs/bulk.md): a CSV import is planned (the dry run: nothing sent), then started as a durable job
// (lib/server/jobs/bulk-run.ts); bulk actions on selected invitations are planned and started in one call.

/** The largest CSV text one import request carries (the server caps every body at 1 MB: scripts/body-limit.mjs). */
export const MAX_BULK_CSV_CHARS = 900_000;

export const bulkRunIdSchema = z.string().regex(/^[a-f0-9]{24}$/, "must be a bulk run id");
export const bulkRunParamsSchema = z.object({ orgId: atlasIdSchema, runId: bulkRunIdSchema });

/** The "all rows" defaults of an import: used where a row's own cell is empty. */
export const bulkDefaultsSchema = z.object({
  orgRoles: z.array(z.enum(ORG_ROLE_VALUES)).default(["ORG_MEMBER"]),
  teamIds: teamIdsInputSchema.default([]),
  projectRoles: projectRolesInputSchema.default([]),
  /** A preset applied to rows that name none. */
  presetId: z.string().max(64).nullable().default(null),
});
export type BulkDefaults = z.infer<typeof bulkDefaultsSchema>;

/** POST /api/orgs/{orgId}/bulk: plan an import (a dry run; POST .../bulk/{runId}/start sends it). */
export const bulkImportInputSchema = z.object({
  /** The file's name, or "pasted". */
  label: z.string().trim().max(200).default("pasted"),
  csv: z
    .string()
    .min(1, "paste or upload a CSV")
    .max(MAX_BULK_CSV_CHARS, "the file is too large for one import"),
  /** Header → field overrides, for headers the console did not recognise (null: ignore the column). */
  mapping: z
    .record(z.string().max(200), z.enum(["email", "orgRoles", "teams", "projectRoles", "preset"]).nullable())
    .optional(),
  defaults: bulkDefaultsSchema.default({
    orgRoles: ["ORG_MEMBER"],
    teamIds: [],
    projectRoles: [],
    presetId: null,
  }),
});
export type BulkImportInput = z.input<typeof bulkImportInputSchema>;

/** One invitation a bulk action acts on, as the list shows it. */
export const bulkTargetSchema = z.object({
  id: atlasIdSchema,
  source: z.enum(INVITATION_SOURCES),
  email: z.string().max(320),
  projectId: atlasIdSchema.optional(),
  /** The ledger row, for re-invites from the Expired / Rejected / Cancelled tabs. */
  ledgerId: z.string().max(64).optional(),
});
export type BulkTarget = z.infer<typeof bulkTargetSchema>;

/** POST /api/orgs/{orgId}/bulk/actions: plan and start a bulk action over selected invitations. */
export const bulkActionInputSchema = z.object({
  kind: z.enum(BULK_KINDS.filter((k) => k !== "import") as [Exclude<(typeof BULK_KINDS)[number], "import">]),
  targets: z.array(bulkTargetSchema).min(1, "select at least one invitation").max(5_000),
  /** add_team: the team to add. */
  teamId: atlasIdSchema.optional(),
  /** apply_preset: the preset whose grants replace each invitation's. */
  presetId: z.string().max(64).optional(),
  /** add_project_role: the project and role to add. */
  projectRole: z.object({ projectId: atlasIdSchema, role: z.string().max(64) }).optional(),
});
export type BulkActionInput = z.infer<typeof bulkActionInputSchema>;

/** POST /api/orgs/{orgId}/bulk/{runId}/{command}. */
export const BULK_COMMANDS = ["start", "pause", "resume", "cancel", "retry"] as const;
export const bulkCommandParamsSchema = bulkRunParamsSchema.extend({ command: z.enum(BULK_COMMANDS) });

const countsOf = <T extends readonly string[]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>);

/** A run as GET /api/orgs/{orgId}/bulk/{runId} answers it (the progress page polls it). */
export const bulkRunSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  kind: z.enum(BULK_KINDS),
  status: z.enum(BULK_RUN_STATUSES),
  label: z.string(),
  headers: z.array(z.string()),
  unknownHeaders: z.array(z.string()),
  total: z.number().int(),
  /** The plan: rows per bucket (they add up to total). */
  buckets: countsOf(BULK_PLAN_BUCKETS),
  /** Where rows stand now (they add up to total). */
  states: countsOf(BULK_ROW_STATES),
  /** Failed rows grouped by reason, most frequent first ("12 × already a member"). */
  failures: z.array(
    z.object({ reason: z.string(), atlasErrorCode: z.string().nullable(), count: z.number() }),
  ),
  /** Failed rows that a retry may send (not "already a member", not invalid). */
  retryable: z.number().int(),
  parentRunId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: z.object({
    /** Rows finished (done, failed, cancelled, held) of the rows to send. */
    done: z.number().int(),
    toSend: z.number().int(),
    /** Rows per minute over the last minutes of the run; null before two rows. */
    perMinute: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    /** Atlas's budget for creates in this org, as last seen. */
    rateLimit: z.number().int().nullable(),
    rateRemaining: z.number().int().nullable(),
    /** Waiting for Atlas's budget until then. */
    waitingUntil: z.string().nullable(),
  }),
  /** Before start: how long the ready rows take at the org's Atlas budget (seconds). */
  expectedSeconds: z.number().nullable(),
  approvalsNeeded: z.number().int(),
});
export type BulkRun = z.infer<typeof bulkRunSchema>;

export const bulkRowSchema = z.object({
  line: z.number().int(),
  email: z.string(),
  original: z.record(z.string(), z.string()),
  grants: grantsSchema.nullable(),
  bucket: z.enum(BULK_PLAN_BUCKETS),
  field: z.string().nullable(),
  reason: z.string().nullable(),
  state: z.enum(BULK_ROW_STATES),
  outcome: z.string().nullable(),
  message: z.string().nullable(),
  atlasErrorCode: z.string().nullable(),
  invitationId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type BulkRow = z.infer<typeof bulkRowSchema>;

/** GET /api/orgs/{orgId}/bulk/{runId}/rows?bucket=&state=&offset=&limit=. */
export const bulkRowsQuerySchema = z.object({
  bucket: z.enum(BULK_PLAN_BUCKETS).optional(),
  state: z.enum(BULK_ROW_STATES).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const bulkRowsPageSchema = z.object({ rows: z.array(bulkRowSchema), total: z.number().int() });

export const bulkRunListSchema = z.object({ runs: z.array(bulkRunSchema) });

export type { BulkPlanBucket, BulkRowState };

/** `{ run }`: what GET .../bulk/{runId}, the plan, a bulk action and every command answer. */
export const bulkRunResponseSchema = z.object({ run: bulkRunSchema });
