import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/layout/console-shell";
import { requirePageSession } from "@/lib/server/auth/page-session";

/** Chrome for signed-in pages. Each page checks the session itself as well (docs/security.md 3). */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  return <ConsoleShell session={session}>{children}</ConsoleShell>;
}
