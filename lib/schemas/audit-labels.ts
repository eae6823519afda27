import type { AuditAction, AuditOutcome } from "@/lib/schemas/audit";
import { AUDIT_ACTIONS } from "@/lib/schemas/audit";

// What each audit action and outcome is called on the page. Keyed by the action list in
// lib/schemas/audit.ts: an action added there without a label here does not compile.
const ACTION_LABELS: Record<AuditAction, string> = {
  "invitation.created": "Invitation sent",
  "invitation.reinvited": "Invitation re-sent (re-invite)",
  "invitation.cancelled": "Invitation cancelled",
  "invitation.updated": "Invitation edited",
  "invitation.renewed": "Invitation renewed",
  "invitation.migrated": "Invitation migrated to the users API",
  "atlas_user.created": "Atlas account created (deprecated API)",
  "auth.signed_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.password_verified": "Password right, two-factor code pending",
  "auth.two_factor_failed": "Two-factor code wrong",
  "auth.signed_out": "Signed out",
  "auth.password_changed": "Password changed",
  "auth.two_factor_enabled": "Two-factor turned on",
  "auth.two_factor_disabled": "Two-factor turned off",
  "auth.recovery_codes_regenerated": "Recovery codes regenerated",
  "auth.session_revoked": "Session ended",
  "token.created": "API token created",
  "token.revoked": "API token revoked",
  "user.created": "Console user added",
  "user.role_changed": "Console role changed",
  "user.deactivated": "Console user deactivated",
  "user.reactivated": "Console user reactivated",
  "user.password_link_created": "Set-password link issued",
  "user.two_factor_reset": "Two-factor reset",
  "user.password_link_emailed": "Set-password link e-mailed",
  "connection.created": "Connection added",
  "connection.updated": "Connection changed",
  "connection.secret_rotated": "Connection secret rotated",
  "connection.deleted": "Connection deleted",
  "connection.tested": "Connection tested",
  "org.route_changed": "Org routed to a connection",
  "notification.preference_changed": "Notification choice changed",
  "notification.retried": "Notification retried",
  "notification.test_sent": "Test notification sent",
  "preset.created": "Preset added",
  "preset.updated": "Preset changed",
  "preset.deleted": "Preset deleted",
  "policy.changed": "Guardrails changed",
  "approval.requested": "Approval requested",
  "approval.approved": "Approval granted",
  "approval.denied": "Approval denied",
  "approval.expired": "Approval request expired",
  "provisioning.token_created": "Provisioning token created",
  "provisioning.token_revoked": "Provisioning token revoked",
  "provisioning.settings_changed": "Provisioning settings changed",
  "provisioning.group_mapped": "Directory group mapped to a preset",
  "provisioning.group_unmapped": "Directory group mapping removed",
  "member.removed": "Member removed from the org",
  "member.teams_changed": "Member's teams changed",
  "bulk.started": "Bulk run started",
  "bulk.paused": "Bulk run paused",
  "bulk.resumed": "Bulk run resumed",
  "bulk.cancelled": "Bulk run cancelled",
  "bulk.finished": "Bulk run finished",
  "request.refused": "Request refused",
};

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  pending: "Pending",
  success: "Succeeded",
  failure: "Failed",
  refused: "Refused",
  unknown: "Unknown",
  noop: "No change",
};

const isAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);

/** The label, or the raw name for an action this build does not know (an older or newer row). */
export function actionLabel(action: string): string {
  return isAction(action) ? ACTION_LABELS[action] : action;
}

/** Actions grouped for the filter's select, in the list's order. */
export const ACTION_GROUPS: { label: string; actions: AuditAction[] }[] = [
  { label: "Invitations", actions: AUDIT_ACTIONS.filter((a) => a.startsWith("invitation.")) },
  { label: "Sign-in and account", actions: AUDIT_ACTIONS.filter((a) => a.startsWith("auth.")) },
  { label: "Console users", actions: AUDIT_ACTIONS.filter((a) => a.startsWith("user.")) },
  { label: "Connections", actions: AUDIT_ACTIONS.filter((a) => a.startsWith("connection.")) },
  { label: "Notifications", actions: AUDIT_ACTIONS.filter((a) => a.startsWith("notification.")) },
  {
    label: "Onboarding rules and bulk runs",
    actions: AUDIT_ACTIONS.filter((a) => /^(preset|policy|approval|bulk)\./.test(a)),
  },
  { label: "Other", actions: AUDIT_ACTIONS.filter((a) => a.startsWith("request.")) },
];
