import { z } from "zod";
import { INVITES_APIS } from "./invitation-enums";
import { plainTextSchema } from "./text";

// Stored Atlas connections: the inputs of the form and the route handlers, and what the API answers.
// Secrets are write-only: no schema below carries one out of the server.

/** Stored connections have UUIDs; "env" is the read-only connection configured by environment variables. */
export const ENV_CONNECTION_ID = "env";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const connectionIdSchema = z
  .string()
  .refine((v) => v === ENV_CONNECTION_ID || UUID.test(v), "must be a connection id (a lowercase UUID)");
export const connectionParamsSchema = z.object({ connectionId: connectionIdSchema });

export { INVITES_APIS, type InvitesApi } from "./invitation-enums";
export const DEFAULT_BASE_URL = "https://cloud.mongodb.com";

const name = plainTextSchema().trim().min(1, "Enter a name").max(80, "At most 80 characters");
/** The server also checks the base URL against Atlas, Atlas for Government and (outside production) loopback. */
const baseUrl = z
  .string()
  .trim()
  .min(1, "Enter the Atlas base URL")
  .max(200)
  .refine((v) => URL.canParse(v), "Enter a URL like https://cloud.mongodb.com")
  .transform((v) => new URL(v).origin);
const clientId = z
  .string()
  .trim()
  .regex(
    /^mdb_sa_id_[a-fA-F0-9]{24}$/,
    "A service-account client id looks like mdb_sa_id_ and 24 hex characters",
  );
const clientSecretSchema = z
  .string()
  .min(8, "Paste the whole client secret")
  .max(512, "At most 512 characters")
  .refine((v) => v.trim() === v && !/\s/.test(v), "A client secret has no spaces");
const invitesApi = z.enum(INVITES_APIS);

export const createConnectionSchema = z.object({
  name,
  baseUrl: baseUrl.default(DEFAULT_BASE_URL),
  clientId,
  clientSecret: clientSecretSchema,
  invitesApi: invitesApi.default("users"),
  /** Saving tests the connection unless the caller says not to (the dialog asks first). */
  test: z.boolean().default(true),
});
export type CreateConnectionInput = z.input<typeof createConnectionSchema>;

/** Edit: any field; a secret given here replaces the stored one (left empty, the stored one stays). */
export const updateConnectionSchema = z
  .object({ name, baseUrl, clientId, invitesApi, clientSecret: clientSecretSchema })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field");
export type UpdateConnectionInput = z.input<typeof updateConnectionSchema>;

/** The add / edit form: in edit mode an empty secret keeps the stored one. */
export const connectionFormSchema = (mode: "create" | "edit") =>
  createConnectionSchema.omit({ test: true }).extend({
    clientSecret: mode === "create" ? clientSecretSchema : z.union([z.literal(""), clientSecretSchema]),
  });
export type ConnectionFormValues = z.input<ReturnType<typeof connectionFormSchema>>;
export type ConnectionFormOutput = z.output<ReturnType<typeof connectionFormSchema>>;

export const rotateSecretSchema = z.object({ clientSecret: clientSecretSchema });
export type RotateSecretInput = z.input<typeof rotateSecretSchema>;

/** A service account's role in an org as the console last saw it: Organization Owner, Member, or not known. */
export const ORG_ACCESS_ROLES = ["owner", "member", "unknown"] as const;
export type OrgAccessRole = (typeof ORG_ACCESS_ROLES)[number];

/** An org a connection sees, with its role there when a test or a probe found it out. */
export const orgSeenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ORG_ACCESS_ROLES).optional(),
});
export type OrgSeen = z.infer<typeof orgSeenSchema>;

export const PROBLEM_CODES = [
  "bad_secret",
  "token_limit",
  "member_only",
  "ip_access_list",
  "rate_limited",
  "unreachable",
  "api_retired",
  "no_orgs",
  "atlas_error",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  testedAt: z.string(),
  durationMs: z.number(),
  problem: z
    .object({
      code: z.enum(PROBLEM_CODES),
      message: z.string(),
      status: z.number().nullable(),
      atlasErrorCode: z.string().nullable(),
      /** IP access list: the address Atlas saw this console call from, when Atlas says it. */
      outboundIp: z.string().nullable(),
      retryAfter: z.number().nullable(),
      orgId: z.string().nullable(),
    })
    .nullable(),
  token: z.enum(["ok", "failed"]),
  orgs: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(ORG_ACCESS_ROLES) })),
  /** The smallest Ratelimit-Remaining seen per Atlas endpoint set the test touched. */
  rateLimits: z.array(z.object({ endpoint: z.string(), limit: z.number(), remaining: z.number() })),
  /** Deprecation / Sunset headers of the Atlas API versions the test touched. */
  sunsets: z.array(
    z.object({
      endpoint: z.string(),
      version: z.string(),
      deprecation: z.string().nullable(),
      sunset: z.string().nullable(),
    }),
  ),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const connectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  clientId: z.string(),
  invitesApi: invitesApi,
  /** "env": configured by ATLAS_* variables, shown read-only. */
  source: z.enum(["stored", "env"]),
  hasSecret: z.boolean(),
  secretLast4: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  lastTest: connectionTestSchema.nullable(),
  orgsSeen: z.array(orgSeenSchema),
});
export type Connection = z.infer<typeof connectionSchema>;

export const connectionListSchema = z.object({ connections: z.array(connectionSchema) });
export const connectionResponseSchema = z.object({ connection: connectionSchema });
/** POST /api/connections: the saved connection and, unless the caller skipped it, its first test. */
export const connectionCreatedSchema = z.object({
  connection: connectionSchema,
  test: connectionTestSchema.nullable(),
});
export const connectionTestResponseSchema = z.object({
  connection: connectionSchema,
  test: connectionTestSchema,
});

// Which connection serves each org (docs/connections.md): one route per org, chosen by an admin or recorded
// automatically for the first working connection with Organization Owner on it.

/**
 * ok: the route's connection works and is not known to lack Owner. The others all mean "no working connection
 * serves this org": none chosen yet (and none qualifies), its connection was deleted, its last test failed, it
 * lacks Organization Owner there, or it no longer sees the org at all.
 */
export const ROUTE_STATUSES = [
  "ok",
  "unrouted",
  "connection_missing",
  "connection_failing",
  "not_owner",
  "not_seen",
] as const;
export type RouteStatus = (typeof ROUTE_STATUSES)[number];

export const orgEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The connection that serves the org; null when none does (status says why). */
  connectionId: z.string().nullable(),
  connectionName: z.string().nullable(),
  route: z.object({
    status: z.enum(ROUTE_STATUSES),
    /** The connection the route names (also when it is missing or failing); null when unrouted. */
    connectionId: z.string().nullable(),
    /** Why no working connection serves it, in words an admin can act on; null when status is ok. */
    problem: z.string().nullable(),
    automatic: z.boolean(),
    chosenByEmail: z.string().nullable(),
    chosenAt: z.string().nullable(),
  }),
  /** Every connection that sees the org, with its role there as last seen. */
  seenBy: z.array(z.object({ connectionId: z.string(), role: z.enum(ORG_ACCESS_ROLES) })),
});
export type OrgEntry = z.infer<typeof orgEntrySchema>;

export const orgListSchema = z.object({
  orgs: z.array(orgEntrySchema),
  connections: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      invitesApi: z.enum(INVITES_APIS),
      /** Why this connection's orgs could not be listed just now (its last known orgs are shown). */
      error: z.string().nullable(),
    }),
  ),
});
export type OrgList = z.infer<typeof orgListSchema>;

/** POST /api/orgs/{orgId}/route: an admin chooses the connection that serves the org. */
export const setOrgRouteSchema = z.object({ connectionId: connectionIdSchema });
export type SetOrgRouteInput = z.input<typeof setOrgRouteSchema>;
export const orgRouteResponseSchema = z.object({ org: orgEntrySchema });
