import type { Metadata } from "next";
import { UsersView } from "@/components/users/users-view";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Console users" };

/** Admins only: add people (one-time set-password link), change roles, deactivate. */
export default async function UsersPage() {
  await requirePageSession({ action: "users.manage", next: "/users" });
  return <UsersView />;
}
