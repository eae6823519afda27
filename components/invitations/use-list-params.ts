"use client";

import type { SetStateAction } from "react";
import { useUrlState, type UrlStateCodec } from "@/components/hooks/use-url-state";
import { parseListParams, serializeListParams, type ListParams } from "./list-params";

const codec: UrlStateCodec<ListParams> = {
  parse: parseListParams,
  serialize: serializeListParams,
  // The search box alone is typing; tabs, filters and sort are picks.
  isTyping: (patch) => Object.keys(patch).every((k) => k === "q"),
};

/** The invitations list's state (tab, filters, sort, search), kept in the URL (see useUrlState). */
export function useListParams(): [
  ListParams,
  (patch: Partial<ListParams>) => void,
  (next: SetStateAction<ListParams>) => void,
] {
  const { state, update, replace } = useUrlState(codec);
  return [state, update, replace];
}
