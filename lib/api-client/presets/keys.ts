import { orgKeys } from "../orgs/keys";

export const presetKeys = {
  list: (orgId: string) => [...orgKeys.detail(orgId), "presets"] as const,
};
