// Every answer schema lib/api-client checks (./answers.ts): loaded on demand, in development and tests only.
export { accountSessionListSchema } from "@/lib/schemas/account";
export { approvalListSchema, decisionResponseSchema } from "@/lib/schemas/approvals";
export { createdAtlasUserSchema } from "@/lib/schemas/atlas-users";
export { auditListSchema, auditOrgListSchema } from "@/lib/schemas/audit";
export { bulkRowsPageSchema, bulkRunListSchema, bulkRunResponseSchema } from "@/lib/schemas/bulk";
export {
  connectionCreatedSchema,
  connectionListSchema,
  connectionResponseSchema,
  connectionTestResponseSchema,
  orgRouteResponseSchema,
} from "@/lib/schemas/connections";
export {
  editInvitationResponseSchema,
  renewInvitationResponseSchema,
  unfinishedRenewalListSchema,
} from "@/lib/schemas/invitation-edit";
export { invitationListSchema, inviteResponseSchema, memberListSchema } from "@/lib/schemas/invitations";
export {
  ledgerCountsResponseSchema,
  ledgerListSchema,
  personTimelineSchema,
  reinviteResponseSchema,
} from "@/lib/schemas/ledger-api";
export { ledgerSyncStatusSchema } from "@/lib/schemas/ledger-sync";
export {
  accountNotificationsSchema,
  digestPreviewSchema,
  notificationTestResultSchema,
  notificationsStatusSchema,
  retriedNotificationSchema,
} from "@/lib/schemas/notifications";
export { orgListSchema, projectListSchema, teamListSchema } from "@/lib/schemas/params";
export { policyResponseSchema } from "@/lib/schemas/policy";
export { presetListSchema, presetResponseSchema } from "@/lib/schemas/presets";
export {
  createdProvisioningTokenSchema,
  groupMapResponseSchema,
  provisioningPageSchema,
  provisioningSettingsResponseSchema,
  removedLeaverSchema,
  revokedProvisioningTokenSchema,
} from "@/lib/schemas/provisioning";
export { migrateResponseSchema, sunsetReadinessSchema } from "@/lib/schemas/sunset";
export { adminTokenListSchema, createdTokenSchema, tokenListSchema } from "@/lib/schemas/tokens";
export {
  setPasswordLinkSchema,
  userCreatedSchema,
  userUpdatedSchema,
  usersListSchema,
} from "@/lib/schemas/users";
