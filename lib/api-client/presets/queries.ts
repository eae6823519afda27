import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { presetKeys } from "./keys";

/** The org's presets, each with `stale` (the Presets page and the invite dialog's picker). */
export const presetsQuery = (orgId: string) =>
  queryOptions({
    queryKey: presetKeys.list(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/presets`, { signal, schema: answer("presetListSchema") }),
  });
