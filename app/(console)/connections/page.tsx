import type { Metadata } from "next";
import { ConnectionsView } from "@/components/connections/connections-view";

export const metadata: Metadata = { title: "Atlas connections" };

/** Thin: the client island loads the list through the console's API (which checks the role). */
export default function ConnectionsPage() {
  return <ConnectionsView />;
}
