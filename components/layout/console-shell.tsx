import type { ReactNode } from "react";
import { SiteHeader } from "./site-header";

/** Full-height frame: the header, then a main area whose children manage their own scrolling. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex h-dvh flex-col">
      <SiteHeader />
      <main
        id="main"
        tabIndex={-1}
        className="flex min-h-0 flex-1 flex-col overflow-y-auto focus:outline-none"
      >
        {children}
      </main>
    </div>
  );
}
