"use client";

import { useCallback } from "react";
import { useUrlState, type UrlStateCodec } from "@/components/hooks/use-url-state";

/** The open drawer's row (components/invitations/list-model.ts rowKey: `<source>:<id>`), as `?invitation=`. */
const KEY = "invitation";
const ROW_KEY = /^(users|invitations|project):[A-Za-z0-9:._@-]{1,250}$/;

interface DrawerParam {
  invitation: string | null;
}

export function parseDrawerParam(search: { get(name: string): string | null }): DrawerParam {
  const value = search.get(KEY);
  return { invitation: value && ROW_KEY.test(value) ? value : null };
}

export function serializeDrawerParam(value: DrawerParam, current: URLSearchParams): string {
  const out = new URLSearchParams(current);
  out.delete(KEY);
  if (value.invitation) out.set(KEY, value.invitation);
  return out.toString();
}

const codec: UrlStateCodec<DrawerParam> = {
  parse: parseDrawerParam,
  serialize: serializeDrawerParam,
  isTyping: () => false,
};

/**
 * Which invitation's details are open, kept in the URL beside the list's own state (useListParams), so that
 * a link pasted into a ticket opens the same drawer on the same tab.
 */
export function useDrawerParam(): [string | null, (rowKey: string | null) => void] {
  const { state, replace } = useUrlState(codec);
  const set = useCallback((rowKey: string | null) => replace({ invitation: rowKey }), [replace]);
  return [state.invitation, set];
}
