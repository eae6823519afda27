import { accountKeys } from "../account/keys";

// The admins' delivery status is not per org; one's own digest choice lives under the account.
export const notificationKeys = {
  all: () => ["notifications"] as const,
  digestPreview: (orgId: string) => ["notifications", "digest-preview", orgId] as const,
  preferences: () => accountKeys.notifications(),
};
