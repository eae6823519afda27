import { headers } from "next/headers";
import Link from "next/link";
import { ConsoleShell } from "@/components/layout/console-shell";
import { buttonClasses } from "@/components/ui/button";
import { StatePanel } from "@/components/ui/state-panel";
import { getConsoleSession } from "@/lib/server/auth";

export default async function NotFound() {
  const session = await getConsoleSession(await headers()).catch(() => null);
  const panel = (
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
  );
  return session ? <ConsoleShell session={session}>{panel}</ConsoleShell> : <main id="main">{panel}</main>;
}
