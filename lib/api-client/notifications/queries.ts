import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { notificationKeys } from "./keys";

// Notifications: one's own digest choice (Account page) and the admins' delivery status (Notifications page).

export const accountNotificationsQuery = () =>
  queryOptions({
    queryKey: notificationKeys.preferences(),
    queryFn: ({ signal }) =>
      apiFetch("/api/account/notifications", { signal, schema: answer("accountNotificationsSchema") }),
  });

export const notificationsStatusQuery = () =>
  queryOptions({
    queryKey: notificationKeys.all(),
    queryFn: ({ signal }) =>
      apiFetch("/api/notifications", { signal, schema: answer("notificationsStatusSchema") }),
    // Sends and retries happen in the background: keep the page current while it is open.
    refetchInterval: 10_000,
  });

/** What the org's next digest would say, as the job would write it. */
export const digestPreviewQuery = (orgId: string) =>
  queryOptions({
    queryKey: notificationKeys.digestPreview(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/notifications/digest-preview`, {
        signal,
        schema: answer("digestPreviewSchema"),
      }),
  });
