import { queryOptions } from "@tanstack/react-query";
import { provisioningPageSchema } from "@/lib/schemas/provisioning";
import { apiFetch } from "../fetcher";
import { orgPath } from "../paths";
import { provisioningKeys } from "./keys";

/** The Provisioning page's data and the SCIM base URL (admins). */
export const provisioningQuery = (orgId: string) =>
  queryOptions({
    queryKey: provisioningKeys.page(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/provisioning`, { signal, schema: provisioningPageSchema }),
  });
