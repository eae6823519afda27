import type { Metadata } from "next";
import { NotificationsView } from "@/components/notifications/notifications-view";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Notifications" };

/** Admins only: how the digest and set-password e-mails are delivered, and what failed. */
export default async function NotificationsPage() {
  await requirePageSession({ action: "notifications.manage", next: "/notifications" });
  return <NotificationsView />;
}
