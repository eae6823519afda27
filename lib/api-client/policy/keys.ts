import { orgKeys } from "../orgs/keys";

export const policyKeys = {
  detail: (orgId: string) => [...orgKeys.detail(orgId), "policy"] as const,
};
