import Link from "next/link";
import { ConsoleShell } from "@/components/layout/console-shell";
import { buttonClasses } from "@/components/ui/button";
import { StatePanel } from "@/components/ui/state-panel";

export default function NotFound() {
  return (
    <ConsoleShell>
      <StatePanel
        title="Page not found"
        action={
          <Link href="/" className={buttonClasses("primary")}>
            Open the console
          </Link>
        }
      >
        This address does not exist, or the organization id in it is not a valid Atlas id.
      </StatePanel>
    </ConsoleShell>
  );
}
