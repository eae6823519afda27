import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { provisioningKeys } from "./keys";

/** The Provisioning page's data and the SCIM base URL (admins). */
export const provisioningQuery = (orgId: string) =>
  queryOptions({
    queryKey: provisioningKeys.page(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/provisioning`, { signal, schema: answer("provisioningPageSchema") }),
  });
