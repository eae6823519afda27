import type { ReactNode } from "react";
import { Suspense } from "react";
import { SessionProvider } from "@/components/auth/session-context";
import type { ConsoleSession } from "@/lib/server/auth";
import { isDemo } from "@/lib/server/auth/settings";
import { SunsetBanner } from "@/components/sunset/sunset-banner";
import { SiteHeader } from "./site-header";

/**
 * What demo mode means for the person signed in: everyone works against the Atlas simulator; the demo admin
 * also signs in without two-factor authentication (docs/security.md 9 exception).
 */
function DemoBanner({ demoAdmin }: { demoAdmin: boolean }) {
  return (
    <div
      role="note"
      aria-label="Demo mode"
      className="bg-warn-soft px-4 py-1 text-center text-xs font-medium text-on-warn-soft"
    >
      {demoAdmin
        ? "Demo mode — Atlas simulator, demo admin signed in without two-factor authentication. Not for real organizations."
        : "Demo mode — Atlas simulator. Not for real organizations."}
    </div>
  );
}

/** Full-height frame: the header, then a main area whose children manage their own scrolling. */
export function ConsoleShell({ session, children }: { session: ConsoleSession; children: ReactNode }) {
  const user = { email: session.user.email, name: session.user.name, role: session.user.role };
  return (
    <SessionProvider user={user}>
      <div className="flex h-dvh flex-col">
        <SiteHeader
          user={user}
          // Every role sees that the console runs in demo mode, not only the demo admin.
          above={isDemo() || session.demo ? <DemoBanner demoAdmin={session.demo} /> : null}
          below={
            <Suspense fallback={null}>
              <SunsetBanner />
            </Suspense>
          }
        />
        <main
          id="main"
          tabIndex={-1}
          className="flex min-h-0 flex-1 flex-col overflow-y-auto focus:outline-none"
        >
          {children}
        </main>
      </div>
    </SessionProvider>
  );
}
