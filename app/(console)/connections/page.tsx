import type { Metadata } from "next";
import { ConnectionsView } from "@/components/connections/connections-view";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Atlas connections" };

/** Thin: checks the session and role, then the client island loads the list through the console's API. */
export default async function ConnectionsPage() {
  await requirePageSession({ action: "connections.read", next: "/connections" });
  return <ConnectionsView />;
}
