import { z } from "zod";
import type { Action } from "@/lib/permissions";
import { accountSessionListSchema, sessionIdParamsSchema } from "@/lib/schemas/account";
import {
  approvalDecisionResponseSchema,
  approvalListQuerySchema,
  approvalListSchema,
  approvalParamsSchema,
  decisionInputSchema,
} from "@/lib/schemas/approvals";
import { createAtlasUserSchema, createdAtlasUserSchema } from "@/lib/schemas/atlas-users";
import {
  auditFiltersSchema,
  auditListSchema,
  auditOrgListSchema,
  auditPageSchema,
} from "@/lib/schemas/audit";
import {
  bulkActionInputSchema,
  bulkCommandParamsSchema,
  bulkImportInputSchema,
  bulkRowsPageSchema,
  bulkRowsQuerySchema,
  bulkRunListSchema,
  bulkRunParamsSchema,
  bulkRunResponseSchema,
} from "@/lib/schemas/bulk";
import {
  connectionCreatedSchema,
  connectionListSchema,
  connectionParamsSchema,
  connectionResponseSchema,
  connectionTestResponseSchema,
  createConnectionSchema,
  orgRouteResponseSchema,
  rotateSecretSchema,
  setOrgRouteSchema,
  updateConnectionSchema,
} from "@/lib/schemas/connections";
import {
  editInvitationAnswerSchema,
  editInvitationInputSchema,
  renewInvitationInputSchema,
  renewInvitationResponseSchema,
  unfinishedRenewalListSchema,
} from "@/lib/schemas/invitation-edit";
import { exportQuerySchema } from "@/lib/schemas/invitations-export";
import {
  cancelInputSchema,
  invitationListQuerySchema,
  invitationListSchema,
  inviteInputSchema,
  inviteResponseSchema,
  memberListSchema,
} from "@/lib/schemas/invitations";
import {
  ledgerCountsResponseSchema,
  ledgerListSchema,
  ledgerQuerySchema,
  ledgerRowParamsSchema,
  personParamsSchema,
  personTimelineSchema,
  reinviteResponseSchema,
} from "@/lib/schemas/ledger-api";
import { ledgerSyncStatusSchema } from "@/lib/schemas/ledger-sync";
import {
  accountNotificationsSchema,
  digestPreviewSchema,
  notificationPreferencesSchema,
  notificationRetryResponseSchema,
  notificationTestInputSchema,
  notificationTestResultSchema,
  notificationsStatusSchema,
  outboxParamsSchema,
} from "@/lib/schemas/notifications";
import {
  invitationParamsSchema,
  orgListSchema,
  orgParamsSchema,
  projectListSchema,
  teamListSchema,
} from "@/lib/schemas/params";
import { policyInputSchema, policyResponseSchema } from "@/lib/schemas/policy";
import {
  presetInputSchema,
  presetListSchema,
  presetParamsSchema,
  presetResponseSchema,
} from "@/lib/schemas/presets";
import {
  createProvisioningTokenSchema,
  createdProvisioningTokenSchema,
  deleteGroupMapSchema,
  groupMapResponseSchema,
  leaverParamsSchema,
  provisioningPageSchema,
  provisioningSettingsResponseSchema,
  provisioningSettingsSchema,
  provisioningTokenListSchema,
  provisioningTokenParamsSchema,
  putGroupMapSchema,
  removedLeaverSchema,
  revokedProvisioningTokenSchema,
} from "@/lib/schemas/provisioning";
import { migrateInputSchema, migrateResponseSchema, sunsetReadinessSchema } from "@/lib/schemas/sunset";
import {
  adminTokenListSchema,
  createTokenSchema,
  createdTokenSchema,
  tokenListSchema,
  tokenParamsSchema,
} from "@/lib/schemas/tokens";
import {
  createUserSchema,
  setPasswordLinkSchema,
  updateUserSchema,
  userCreatedSchema,
  userParamsSchema,
  userUpdatedSchema,
  usersListSchema,
} from "@/lib/schemas/users";

// Every route and method of the console's JSON API (app/api/**/route.ts, better-auth's /api/auth/* aside), with
// the zod schemas its handler parses and answers with: lib/openapi/document.ts builds the OpenAPI document from
// this table, and test/openapi/document.test.ts holds it to the route files.

export type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A download (lib/server/api/with-console-file.ts): the content types it may answer. */
export interface FileAnswer {
  file: readonly string[];
  /** What the answer is (default: a download, Content-Disposition: attachment). */
  description?: string;
}

/** A success answer: a JSON body's schema, `null` for no body (204), or a file. */
export type SuccessAnswer = z.ZodType | null | FileAnswer;

export interface ApiOperation {
  method: ApiMethod;
  /** OpenAPI style: /api/orgs/{orgId}/invitations. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** The console permission the handler asks withConsole for (lib/permissions.ts). */
  action: Action;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success answers by status. */
  responses: Readonly<Record<number, SuccessAnswer>>;
  /** Bearer tokens are refused with 403: a signed-in person's session only. */
  sessionOnly: boolean;
  /** The handler reads an Idempotency-Key header. */
  idempotencyKey?: boolean;
  /** The 200 answer may also come as a stream of this content type, when the caller asks (docs/api.md). */
  stream?: { type: string; description: string };
}

export const isFileAnswer = (a: SuccessAnswer): a is FileAnswer =>
  a !== null && typeof a === "object" && "file" in a;

const CSV = "text/csv; charset=utf-8";
const JSON_FILE = "application/json; charset=utf-8";

// Query strings the handlers read without a schema of their own (they document, they do not parse).
const bulkResultsQuerySchema = z.object({
  format: z.enum(["csv", "json"]).optional().describe("csv (default) or json"),
});
const sunsetQuerySchema = z.object({
  cached: z.literal("1").optional().describe("1: an answer up to 30 s old will do (the banner)"),
});
const exportRouteQuerySchema = exportQuerySchema
  .extend({})
  .describe(
    "The invitations page's own filters (lib/search-params/invitations.ts) may ride along; a malformed one falls back to its default.",
  );

/** GET /api/openapi.json: the document itself (validated as OpenAPI 3.1 by the tests, not here). */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

const op = (o: Omit<ApiOperation, "sessionOnly"> & { sessionOnly?: boolean }): ApiOperation => ({
  sessionOnly: false,
  ...o,
});

export const API_OPERATIONS: readonly ApiOperation[] = [
  // Account: the caller's own settings, sessions and tokens.
  op({
    method: "GET",
    path: "/api/account/notifications",
    summary: "Your notification choices",
    tags: ["Account"],
    action: "account.manage",
    responses: { 200: accountNotificationsSchema },
    sessionOnly: true,
  }),
  op({
    method: "PATCH",
    path: "/api/account/notifications",
    summary: "Change your notification choices",
    tags: ["Account"],
    action: "account.manage",
    body: notificationPreferencesSchema,
    responses: { 200: accountNotificationsSchema },
    sessionOnly: true,
  }),
  op({
    method: "GET",
    path: "/api/account/sessions",
    summary: "Your sessions (the current one marked)",
    tags: ["Account"],
    action: "account.manage",
    responses: { 200: accountSessionListSchema },
    sessionOnly: true,
  }),
  op({
    method: "DELETE",
    path: "/api/account/sessions/{sessionId}",
    summary: "End one of your other sessions",
    tags: ["Account"],
    action: "account.manage",
    params: sessionIdParamsSchema,
    responses: { 204: null },
    sessionOnly: true,
  }),
  op({
    method: "GET",
    path: "/api/account/tokens",
    summary: "Your API tokens",
    tags: ["Account"],
    action: "account.manage",
    responses: { 200: tokenListSchema },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/account/tokens",
    summary: "Create an API token (its secret is answered once)",
    tags: ["Account"],
    action: "account.manage",
    body: createTokenSchema,
    responses: { 201: createdTokenSchema },
    sessionOnly: true,
  }),
  op({
    method: "DELETE",
    path: "/api/account/tokens/{tokenId}",
    summary: "Revoke one of your API tokens",
    tags: ["Account"],
    action: "account.manage",
    params: tokenParamsSchema,
    responses: { 204: null },
    sessionOnly: true,
  }),

  // Audit log (admins).
  op({
    method: "GET",
    path: "/api/audit",
    summary: "Audit log entries, newest first",
    tags: ["Audit"],
    action: "audit.read",
    query: auditPageSchema,
    responses: { 200: auditListSchema },
  }),
  op({
    method: "GET",
    path: "/api/audit/export",
    summary: "Audit log as CSV (the filters of GET /api/audit, every matching row)",
    tags: ["Audit"],
    action: "audit.read",
    query: auditFiltersSchema,
    responses: { 200: { file: [CSV] } },
  }),
  op({
    method: "GET",
    path: "/api/audit/orgs",
    summary: "Orgs known by name or named in the audit log",
    tags: ["Audit"],
    action: "audit.read",
    responses: { 200: auditOrgListSchema },
  }),

  // Atlas connections.
  op({
    method: "GET",
    path: "/api/connections",
    summary: "Atlas connections (secrets never answered)",
    tags: ["Connections"],
    action: "connections.read",
    responses: { 200: connectionListSchema },
  }),
  op({
    method: "POST",
    path: "/api/connections",
    summary: "Save a connection and test it",
    tags: ["Connections"],
    action: "connections.manage",
    body: createConnectionSchema,
    responses: { 201: connectionCreatedSchema },
    sessionOnly: true,
  }),
  op({
    method: "GET",
    path: "/api/connections/{connectionId}",
    summary: "One connection",
    tags: ["Connections"],
    action: "connections.read",
    params: connectionParamsSchema,
    responses: { 200: connectionResponseSchema },
  }),
  op({
    method: "PATCH",
    path: "/api/connections/{connectionId}",
    summary: "Change a connection",
    tags: ["Connections"],
    action: "connections.manage",
    params: connectionParamsSchema,
    body: updateConnectionSchema,
    responses: { 200: connectionResponseSchema },
    sessionOnly: true,
  }),
  op({
    method: "DELETE",
    path: "/api/connections/{connectionId}",
    summary: "Delete a connection",
    tags: ["Connections"],
    action: "connections.manage",
    params: connectionParamsSchema,
    responses: { 204: null },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/connections/{connectionId}/rotate",
    summary: "Replace a connection's client secret",
    tags: ["Connections"],
    action: "connections.manage",
    params: connectionParamsSchema,
    body: rotateSecretSchema,
    responses: { 200: connectionResponseSchema },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/connections/{connectionId}/test",
    summary: "Test a connection (read-only Atlas calls)",
    tags: ["Connections"],
    action: "connections.manage",
    params: connectionParamsSchema,
    responses: { 200: connectionTestResponseSchema },
    sessionOnly: true,
  }),

  // API reference.
  op({
    method: "GET",
    path: "/api/docs",
    summary: "This API's reference page (HTML)",
    description: "A browser without a session is sent to sign in (303) and back.",
    tags: ["API"],
    action: "orgs.read",
    responses: { 200: { file: ["text/html; charset=utf-8"], description: "The page" }, 303: null },
  }),
  op({
    method: "GET",
    path: "/api/docs/scalar.js",
    summary: "The reference page's script, from this origin",
    tags: ["API"],
    action: "orgs.read",
    responses: { 200: { file: ["text/javascript; charset=utf-8"], description: "The script" } },
  }),
  op({
    method: "GET",
    path: "/api/openapi.json",
    summary: "This document: OpenAPI 3.1",
    tags: ["API"],
    action: "orgs.read",
    responses: { 200: openApiDocumentSchema },
  }),

  // Notifications (admins).
  op({
    method: "GET",
    path: "/api/notifications",
    summary: "Notification transports, recent sends and failures",
    tags: ["Notifications"],
    action: "notifications.manage",
    responses: { 200: notificationsStatusSchema },
  }),
  op({
    method: "POST",
    path: "/api/notifications/{id}/retry",
    summary: "Send a failed notification again",
    tags: ["Notifications"],
    action: "notifications.manage",
    params: outboxParamsSchema,
    responses: { 202: notificationRetryResponseSchema },
  }),
  op({
    method: "POST",
    path: "/api/notifications/test",
    summary: "Send one test notification now",
    tags: ["Notifications"],
    action: "notifications.manage",
    body: notificationTestInputSchema,
    responses: { 200: notificationTestResultSchema },
  }),

  // Orgs and their directory.
  op({
    method: "GET",
    path: "/api/orgs",
    summary: "Every org the connections see, with the connection serving each",
    tags: ["Orgs"],
    action: "orgs.read",
    responses: { 200: orgListSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/projects",
    summary: "The org's projects",
    tags: ["Orgs"],
    action: "orgs.read",
    params: orgParamsSchema,
    responses: { 200: projectListSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/teams",
    summary: "The org's teams",
    tags: ["Orgs"],
    action: "orgs.read",
    params: orgParamsSchema,
    responses: { 200: teamListSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/members",
    summary: "E-mail addresses already in the org",
    tags: ["Orgs"],
    action: "invitations.create",
    params: orgParamsSchema,
    responses: { 200: memberListSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/route",
    summary: "Choose the connection that serves the org",
    tags: ["Connections"],
    action: "connections.manage",
    params: orgParamsSchema,
    body: setOrgRouteSchema,
    responses: { 200: orgRouteResponseSchema },
  }),

  // Invitations.
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/invitations",
    summary: "Pending invitations, read from Atlas",
    description:
      "JSON by default. With ?stream=ndjson or Accept: application/x-ndjson the list streams page by page as " +
      'NDJSON (docs/api.md, "The pending list as a stream"): a head line, one line of compact rows per ' +
      "Atlas page, then an end line with the count, or an error line when a page failed part-way.",
    tags: ["Invitations"],
    action: "invitations.read",
    params: orgParamsSchema,
    query: invitationListQuerySchema,
    responses: { 200: invitationListSchema },
    stream: {
      type: "application/x-ndjson; charset=utf-8",
      description: "The list page by page, one JSON value a line (docs/api.md)",
    },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/invitations",
    summary: "Invite one or more addresses with the same grants",
    description:
      "201 when at least one address was invited, 202 when all wait for approval, 200 otherwise (each result says why). " +
      "A single address that is not invited is answered as an error (its code and the field at fault).",
    tags: ["Invitations"],
    action: "invitations.create",
    params: orgParamsSchema,
    body: inviteInputSchema,
    responses: { 201: inviteResponseSchema, 202: inviteResponseSchema, 200: inviteResponseSchema },
    idempotencyKey: true,
  }),
  op({
    method: "PATCH",
    path: "/api/orgs/{orgId}/invitations/{invitationId}",
    summary: "Edit an invitation's grants (the body is the whole after)",
    tags: ["Invitations"],
    action: "invitations.edit",
    params: invitationParamsSchema,
    body: editInvitationInputSchema,
    responses: { 200: editInvitationAnswerSchema },
  }),
  op({
    method: "DELETE",
    path: "/api/orgs/{orgId}/invitations/{invitationId}",
    summary: "Cancel an invitation",
    tags: ["Invitations"],
    action: "invitations.cancel",
    params: invitationParamsSchema,
    body: cancelInputSchema,
    responses: { 204: null },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/invitations/{invitationId}/renew",
    summary: "Renew an invitation (cancel and invite again with the same grants)",
    tags: ["Invitations"],
    action: "invitations.renew",
    params: invitationParamsSchema,
    body: renewInvitationInputSchema,
    responses: { 201: renewInvitationResponseSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/invitations/renewals",
    summary: "Renewals that stopped half-way",
    tags: ["Invitations"],
    action: "invitations.read",
    params: orgParamsSchema,
    responses: { 200: unfinishedRenewalListSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/export",
    summary: "One tab of the invitations page as CSV or JSON",
    tags: ["Invitations"],
    action: "invitations.read",
    params: orgParamsSchema,
    query: exportRouteQuerySchema,
    responses: { 200: { file: [CSV, JSON_FILE] } },
  }),

  // Ledger: the console's record of every invitation.
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/ledger",
    summary: "One tab of the invitation ledger, with every tab's count",
    description:
      "The tab's newest `limit` rows (1,000), newest change first; `truncated` is true when the tab holds more " +
      "(`counts` says how many). The rest are in the export and the audit log.",
    tags: ["Ledger"],
    action: "invitations.read",
    params: orgParamsSchema,
    query: ledgerQuerySchema,
    responses: { 200: ledgerListSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/ledger/counts",
    summary: "How many invitations each ledger tab holds",
    tags: ["Ledger"],
    action: "invitations.read",
    params: orgParamsSchema,
    responses: { 200: ledgerCountsResponseSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/ledger/sync",
    summary: "The ledger's sync status",
    tags: ["Ledger"],
    action: "invitations.read",
    params: orgParamsSchema,
    responses: { 200: ledgerSyncStatusSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/ledger/sync",
    summary: "Sync the ledger with Atlas now",
    tags: ["Ledger"],
    action: "ledger.sync",
    params: orgParamsSchema,
    responses: { 200: ledgerSyncStatusSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/ledger/{ledgerId}/reinvite",
    summary: "Invite again from an expired, rejected or cancelled invitation",
    tags: ["Ledger"],
    action: "invitations.create",
    params: ledgerRowParamsSchema,
    body: inviteInputSchema,
    responses: { 201: reinviteResponseSchema },
    idempotencyKey: true,
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/people/{email}/timeline",
    summary: "A person's invitations in the org, step by step",
    tags: ["Ledger"],
    action: "invitations.read",
    params: personParamsSchema,
    responses: { 200: personTimelineSchema },
  }),

  // Approvals and policy.
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/approvals",
    summary: "Invitations that wait for (or went through) approval",
    tags: ["Approvals"],
    action: "invitations.read",
    params: orgParamsSchema,
    query: approvalListQuerySchema,
    responses: { 200: approvalListSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/approvals/{approvalId}/approve",
    summary: "Approve a request (201 when the invitation was sent)",
    tags: ["Approvals"],
    action: "approvals.decide",
    params: approvalParamsSchema,
    body: decisionInputSchema,
    responses: { 201: approvalDecisionResponseSchema, 200: approvalDecisionResponseSchema },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/approvals/{approvalId}/deny",
    summary: "Deny a request",
    tags: ["Approvals"],
    action: "approvals.decide",
    params: approvalParamsSchema,
    body: decisionInputSchema,
    responses: { 200: approvalDecisionResponseSchema },
    sessionOnly: true,
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/policy",
    summary: "The org's guardrails",
    tags: ["Approvals"],
    action: "policy.manage",
    params: orgParamsSchema,
    responses: { 200: policyResponseSchema },
  }),
  op({
    method: "PUT",
    path: "/api/orgs/{orgId}/policy",
    summary: "Replace the org's guardrails",
    tags: ["Approvals"],
    action: "policy.manage",
    params: orgParamsSchema,
    body: policyInputSchema,
    responses: { 200: policyResponseSchema },
    sessionOnly: true,
  }),

  // Presets.
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/presets",
    summary: "The org's grant presets",
    tags: ["Presets"],
    action: "invitations.read",
    params: orgParamsSchema,
    responses: { 200: presetListSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/presets",
    summary: "Create a preset",
    tags: ["Presets"],
    action: "presets.manage",
    params: orgParamsSchema,
    body: presetInputSchema,
    responses: { 201: presetResponseSchema },
  }),
  op({
    method: "PATCH",
    path: "/api/orgs/{orgId}/presets/{presetId}",
    summary: "Replace a preset",
    tags: ["Presets"],
    action: "presets.manage",
    params: presetParamsSchema,
    body: presetInputSchema,
    responses: { 200: presetResponseSchema },
  }),
  op({
    method: "DELETE",
    path: "/api/orgs/{orgId}/presets/{presetId}",
    summary: "Delete a preset",
    tags: ["Presets"],
    action: "presets.manage",
    params: presetParamsSchema,
    responses: { 204: null },
  }),

  // Provisioning from the identity provider (admins, sessions only: a token cannot manage provisioning).
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/provisioning",
    summary: "The org's provisioning: settings, tokens, group maps, directory state, recent SCIM requests",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: orgParamsSchema,
    responses: { 200: provisioningPageSchema },
    sessionOnly: true,
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/provisioning/tokens",
    summary: "The org's provisioning tokens",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: orgParamsSchema,
    responses: { 200: provisioningTokenListSchema },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/provisioning/tokens",
    summary: "Create a provisioning token for an identity provider (its secret is answered once)",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: orgParamsSchema,
    body: createProvisioningTokenSchema,
    responses: { 201: createdProvisioningTokenSchema },
    sessionOnly: true,
  }),
  op({
    method: "DELETE",
    path: "/api/orgs/{orgId}/provisioning/tokens/{tokenId}",
    summary: "Revoke a provisioning token",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: provisioningTokenParamsSchema,
    responses: { 200: revokedProvisioningTokenSchema },
    sessionOnly: true,
  }),
  op({
    method: "PUT",
    path: "/api/orgs/{orgId}/provisioning/settings",
    summary: "Set what a member who left the directory loses (never, with approval, always)",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: orgParamsSchema,
    body: provisioningSettingsSchema,
    responses: { 200: provisioningSettingsResponseSchema },
    sessionOnly: true,
  }),
  op({
    method: "PUT",
    path: "/api/orgs/{orgId}/provisioning/group-maps",
    summary: "Map a directory group to a preset",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: orgParamsSchema,
    body: putGroupMapSchema,
    responses: { 200: groupMapResponseSchema },
    sessionOnly: true,
  }),
  op({
    method: "DELETE",
    path: "/api/orgs/{orgId}/provisioning/group-maps",
    summary: "Remove a directory group's map",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: orgParamsSchema,
    body: deleteGroupMapSchema,
    responses: { 204: null },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/provisioning/leavers/{scimUserId}/remove",
    summary: "Remove from the org a member who left the directory",
    tags: ["Provisioning"],
    action: "provisioning.manage",
    params: leaverParamsSchema,
    responses: { 200: removedLeaverSchema },
    sessionOnly: true,
  }),

  // Bulk imports and actions.
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/bulk",
    summary: "Recent bulk runs, newest first",
    tags: ["Bulk"],
    action: "bulk.read",
    params: orgParamsSchema,
    responses: { 200: bulkRunListSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/bulk",
    summary: "Plan an import from a CSV (nothing is sent until start)",
    tags: ["Bulk"],
    action: "bulk.run",
    params: orgParamsSchema,
    body: bulkImportInputSchema,
    responses: { 201: bulkRunResponseSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/bulk/actions",
    summary: "Cancel, renew, re-invite or add grants to selected invitations (planned and started)",
    tags: ["Bulk"],
    action: "bulk.run",
    params: orgParamsSchema,
    body: bulkActionInputSchema,
    responses: { 201: bulkRunResponseSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/bulk/{runId}",
    summary: "One run: plan, progress and failures",
    tags: ["Bulk"],
    action: "bulk.read",
    params: bulkRunParamsSchema,
    responses: { 200: bulkRunResponseSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/bulk/{runId}/rows",
    summary: "A page of a run's rows",
    tags: ["Bulk"],
    action: "bulk.read",
    params: bulkRunParamsSchema,
    query: bulkRowsQuerySchema,
    responses: { 200: bulkRowsPageSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/bulk/{runId}/results",
    summary: "The plan (before start) or the results, CSV or JSON",
    tags: ["Bulk"],
    action: "bulk.read",
    params: bulkRunParamsSchema,
    query: bulkResultsQuerySchema,
    responses: { 200: { file: [CSV, JSON_FILE] } },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/bulk/{runId}/{command}",
    summary: "start, pause, resume, cancel or retry a run (retry answers the new run, 201)",
    tags: ["Bulk"],
    action: "bulk.run",
    params: bulkCommandParamsSchema,
    responses: { 200: bulkRunResponseSchema, 201: bulkRunResponseSchema },
  }),

  // Atlas accounts, digest, sunset.
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/atlas-users",
    summary: "Create an Atlas account invited to the org (deprecated Atlas createUser)",
    tags: ["Invitations"],
    action: "atlas_users.create",
    params: orgParamsSchema,
    body: createAtlasUserSchema,
    responses: { 201: createdAtlasUserSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/notifications/digest-preview",
    summary: "The org's next digest, as the job would write it",
    tags: ["Notifications"],
    action: "notifications.manage",
    params: orgParamsSchema,
    responses: { 200: digestPreviewSchema },
  }),
  op({
    method: "GET",
    path: "/api/orgs/{orgId}/sunset",
    summary: "What still depends on the legacy invitations API",
    tags: ["Sunset"],
    action: "invitations.read",
    params: orgParamsSchema,
    query: sunsetQuerySchema,
    responses: { 200: sunsetReadinessSchema },
  }),
  op({
    method: "POST",
    path: "/api/orgs/{orgId}/sunset/migrate",
    summary: "Migrate legacy invitations to the users API",
    tags: ["Sunset"],
    action: "invitations.migrate",
    params: orgParamsSchema,
    body: migrateInputSchema,
    responses: { 200: migrateResponseSchema },
  }),

  // API tokens (admins).
  op({
    method: "GET",
    path: "/api/tokens",
    summary: "Every user's API tokens",
    tags: ["Tokens"],
    action: "users.manage",
    responses: { 200: adminTokenListSchema },
    sessionOnly: true,
  }),
  op({
    method: "DELETE",
    path: "/api/tokens/{tokenId}",
    summary: "Revoke any API token",
    tags: ["Tokens"],
    action: "users.manage",
    params: tokenParamsSchema,
    responses: { 204: null },
    sessionOnly: true,
  }),

  // Console users (admins).
  op({
    method: "GET",
    path: "/api/users",
    summary: "Console users",
    tags: ["Users"],
    action: "users.manage",
    responses: { 200: usersListSchema },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/users",
    summary: "Add a console user (a set-password link is e-mailed or answered)",
    tags: ["Users"],
    action: "users.manage",
    body: createUserSchema,
    responses: { 201: userCreatedSchema },
    sessionOnly: true,
  }),
  op({
    method: "PATCH",
    path: "/api/users/{userId}",
    summary: "Change a console user's role, deactivate or reactivate them",
    tags: ["Users"],
    action: "users.manage",
    params: userParamsSchema,
    body: updateUserSchema,
    responses: { 200: userUpdatedSchema },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/users/{userId}/reset-two-factor",
    summary: "Reset a user's two-factor setup",
    tags: ["Users"],
    action: "users.manage",
    params: userParamsSchema,
    responses: { 200: userUpdatedSchema },
    sessionOnly: true,
  }),
  op({
    method: "POST",
    path: "/api/users/{userId}/set-password-link",
    summary: "A fresh one-time set-password link",
    tags: ["Users"],
    action: "users.manage",
    params: userParamsSchema,
    responses: { 201: setPasswordLinkSchema },
    sessionOnly: true,
  }),
];
