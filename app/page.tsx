import { ConsoleShell } from "@/components/layout/console-shell";
import { OrgRedirect } from "@/components/orgs/org-redirect";

/** "/" opens the first org the connection sees (client-side, so loading and errors get designed states). */
export default function HomePage() {
  return (
    <ConsoleShell>
      <OrgRedirect />
    </ConsoleShell>
  );
}
