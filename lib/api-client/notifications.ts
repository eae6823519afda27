import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { NotificationChannel, NotificationPreferences } from "@/lib/schemas/notifications";
import {
  accountNotificationsSchema,
  digestPreviewSchema,
  notificationTestResultSchema,
  notificationsStatusSchema,
  outboxRowSchema,
} from "@/lib/schemas/notifications";
import { z } from "zod";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./query-keys";

// Notifications: one's own digest choice (Account page) and the admins' delivery status (Notifications page).

export const accountNotificationsQuery = () =>
  queryOptions({
    queryKey: queryKeys.accountNotifications(),
    queryFn: ({ signal }) =>
      apiFetch("/api/account/notifications", { signal, schema: accountNotificationsSchema }),
  });

export function useSetNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prefs: NotificationPreferences) =>
      apiFetch("/api/account/notifications", {
        method: "PATCH",
        body: prefs,
        schema: accountNotificationsSchema,
      }),
    onSuccess: (data) => queryClient.setQueryData(queryKeys.accountNotifications(), data),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.accountNotifications() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
      ]),
  });
}

export const notificationsStatusQuery = () =>
  queryOptions({
    queryKey: queryKeys.notifications(),
    queryFn: ({ signal }) => apiFetch("/api/notifications", { signal, schema: notificationsStatusSchema }),
    // Sends and retries happen in the background: keep the page current while it is open.
    refetchInterval: 10_000,
  });

export function useRetryNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(`/api/notifications/${encodeURIComponent(id)}/retry`, {
        method: "POST",
        schema: z.object({ notification: outboxRowSchema }),
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.notifications() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
      ]),
  });
}

/** One test e-mail (to oneself) or webhook call, now; the result says whether the transport took it. */
export function useSendTestNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channel: NotificationChannel) =>
      apiFetch("/api/notifications/test", {
        method: "POST",
        body: { channel },
        schema: notificationTestResultSchema,
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.notifications() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
      ]),
  });
}

/** What the org's next digest would say, as the job would write it. */
export const digestPreviewQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.digestPreview(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`/api/orgs/${orgId}/notifications/digest-preview`, { signal, schema: digestPreviewSchema }),
  });
