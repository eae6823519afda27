import type { ReactNode } from "react";

/** The frame of every sign-in step: product name, a title and one card. */
export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main id="main" className="flex min-h-dvh items-start justify-center px-4 py-16 sm:items-center sm:py-8">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="inline-flex size-8 items-center justify-center rounded-md bg-primary text-xs font-bold text-on-primary"
          >
            IC
          </span>
          Invite Console
        </div>
        <section className="rounded-lg border border-line bg-surface p-6 shadow-sm">
          <h1 className="text-lg font-semibold">{title}</h1>
          {intro ? <div className="mt-1 text-sm text-muted">{intro}</div> : null}
          <div className="mt-5">{children}</div>
        </section>
      </div>
    </main>
  );
}
