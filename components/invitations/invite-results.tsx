"use client";

import { useEffect, useRef } from "react";
import type { InviteResult } from "@/lib/schemas/invitations";
import { Badge } from "@/components/ui/badge";

const OUTCOME: Record<InviteResult["outcome"], { label: string; tone: "ok" | "neutral" | "danger" }> = {
  invited: { label: "Invited", tone: "ok" },
  already_invited: { label: "Already invited", tone: "neutral" },
  already_member: { label: "Already a member", tone: "neutral" },
  failed: { label: "Failed", tone: "danger" },
  blocked: { label: "Blocked by policy", tone: "danger" },
  awaiting_approval: { label: "Awaiting approval", tone: "neutral" },
};

export function summarizeResults(results: InviteResult[]): string {
  const invited = results.filter((r) => r.outcome === "invited").length;
  return `${invited} of ${results.length} ${results.length === 1 ? "address" : "addresses"} invited.`;
}

/** Per-address outcome of a several-address invite; a live region, so the outcome is announced. */
export function InviteResults({ results }: { results: InviteResult[] | null }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (results) ref.current?.scrollIntoView({ block: "nearest" });
  }, [results]);
  return (
    <section
      ref={ref}
      aria-live="polite"
      aria-label="Results"
      className={results ? "flex flex-col gap-2" : "sr-only"}
    >
      {results ? (
        <>
          <h3 className="text-sm font-medium">Results: {summarizeResults(results)}</h3>
          {results.some((r) => r.outcome === "failed") ? (
            <p className="text-xs text-muted">
              Only the addresses that failed are left in the box below: fix them or the roles, then send
              again.
            </p>
          ) : null}
          <ul className="divide-y divide-line rounded-md border border-line">
            {results.map((r) => {
              const o = OUTCOME[r.outcome];
              return (
                <li key={r.email} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                  <span className="min-w-0 flex-1 truncate font-medium" title={r.email}>
                    {r.email}
                  </span>
                  <Badge tone={o.tone}>{o.label}</Badge>
                  {r.message && r.outcome !== "invited" ? (
                    <span className="basis-full text-xs text-muted">{r.message}</span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
