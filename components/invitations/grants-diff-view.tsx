import type { GrantsDiff } from "@/lib/schemas/grants";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";

// The + / − lines of a grants change: the edit dialog's review and the Audit page's edit rows show the same
// thing, so a reviewer reads the audit row the way the editor read the review.

function Change({ sign, children }: { sign: "+" | "−"; children: string }) {
  const added = sign === "+";
  return (
    <li
      className={`rounded px-1 ${added ? "bg-ok-soft text-on-ok-soft" : "bg-danger-soft text-on-danger-soft"}`}
    >
      <span aria-hidden="true" className="inline-block w-4 font-mono font-semibold">
        {sign}
      </span>
      <span className="sr-only">{added ? "Added: " : "Removed: "}</span>
      <span className={added ? "" : "line-through decoration-1"}>{children}</span>
    </li>
  );
}

function Section({
  title,
  added,
  removed,
  compact,
}: {
  title: string;
  added: string[];
  removed: string[];
  compact: boolean;
}) {
  if (added.length + removed.length === 0) return null;
  const Heading = compact ? "div" : "h3";
  return (
    <section className={compact ? "" : "rounded-md border border-line p-3"}>
      <Heading className={compact ? "text-xs text-muted" : "mb-1 text-sm font-medium"}>{title}</Heading>
      <ul className={`space-y-0.5 break-words ${compact ? "text-xs" : "text-sm"}`}>
        {added.map((x) => (
          <Change key={`+${x}`} sign="+">
            {x}
          </Change>
        ))}
        {removed.map((x) => (
          <Change key={`-${x}`} sign="−">
            {x}
          </Change>
        ))}
      </ul>
    </section>
  );
}

/** Before → after, as added and removed lines per org role, team and project. */
export function DiffView({
  diff,
  teamName,
  projectName,
  compact = false,
}: {
  diff: GrantsDiff;
  teamName: (id: string) => string;
  projectName: (id: string) => string;
  /** Table-cell size: small type, no boxes (the Audit page). */
  compact?: boolean;
}) {
  return (
    <div role="group" className={`flex flex-col ${compact ? "gap-1" : "gap-3"}`} aria-label="Changes">
      <Section
        title="Organization roles"
        added={diff.orgRoles.added.map(orgRoleLabel)}
        removed={diff.orgRoles.removed.map(orgRoleLabel)}
        compact={compact}
      />
      <Section
        title="Teams"
        added={diff.teamIds.added.map(teamName)}
        removed={diff.teamIds.removed.map(teamName)}
        compact={compact}
      />
      {diff.projectRoles.map((p) => (
        <Section
          key={p.projectId}
          title={`Project ${projectName(p.projectId)}`}
          added={p.added.map(projectRoleLabel)}
          removed={p.removed.map(projectRoleLabel)}
          compact={compact}
        />
      ))}
    </div>
  );
}
