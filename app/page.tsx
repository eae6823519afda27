import { ConsoleShell } from "@/components/layout/console-shell";
import { OrgRedirect } from "@/components/orgs/org-redirect";
import { requirePageSession } from "@/lib/server/auth/page-session";

/** "/" opens the first org the connection sees (client-side, so loading and errors get designed states). */
export default async function HomePage() {
  const session = await requirePageSession({ action: "orgs.read" });
  return (
    <ConsoleShell session={session}>
      <OrgRedirect />
    </ConsoleShell>
  );
}
