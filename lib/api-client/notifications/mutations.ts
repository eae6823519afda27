import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { NotificationChannel, NotificationPreferences } from "@/lib/schemas/notifications";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { invalidate } from "../invalidate";
import { notificationKeys } from "./keys";

export function useSetNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prefs: NotificationPreferences) =>
      apiFetch("/api/account/notifications", {
        method: "PATCH",
        body: prefs,
        schema: answer("accountNotificationsSchema"),
      }),
    onSuccess: (data) => queryClient.setQueryData(notificationKeys.preferences(), data),
    onSettled: () => invalidate(queryClient, notificationKeys.preferences(), auditKeys.all()),
  });
}

export function useRetryNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(`/api/notifications/${encodeURIComponent(id)}/retry`, {
        method: "POST",
        schema: answer("retriedNotificationSchema"),
      }),
    onSettled: () => invalidate(queryClient, notificationKeys.all(), auditKeys.all()),
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
        schema: answer("notificationTestResultSchema"),
      }),
    onSettled: () => invalidate(queryClient, notificationKeys.all(), auditKeys.all()),
  });
}
