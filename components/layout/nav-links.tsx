"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { SessionUser } from "@/components/auth/session-context";
import { cn } from "@/components/ui/cn";
import { can, type Action } from "@/lib/permissions";
import { withOrg } from "@/lib/search-params/org";
import { useCurrentOrg } from "./use-current-org";

const LINKS: { label: string; path: string; action: Action }[] = [
  { label: "Connections", path: "/connections", action: "connections.read" },
  { label: "Audit", path: "/audit", action: "audit.read" },
  { label: "Users", path: "/users", action: "users.manage" },
  { label: "Notifications", path: "/notifications", action: "notifications.manage" },
  { label: "Account", path: "/account", action: "account.manage" },
];

/**
 * The console's pages the role may open; each link keeps the current org. `scope`: "console" for the header's
 * row (Invitations and the console-wide pages), "org" for the organization's own row under it (its pages), "all"
 * for the phone menu.
 */
export function NavLinks({
  user,
  orientation,
  onNavigate,
  scope = "all",
}: {
  user: SessionUser;
  orientation: "row" | "column";
  onNavigate?: () => void;
  scope?: "console" | "org" | "all";
}) {
  const org = useCurrentOrg();
  const pathname = usePathname();
  const invitations = [
    {
      label: "Invitations",
      href: org ? `/orgs/${org}/invitations` : "/",
      current:
        pathname.startsWith("/orgs/") &&
        !/\/(sunset|presets|guardrails|provisioning)$|\/bulk(\/|$)/.test(pathname),
    },
  ];
  const orgPages = [
    ...(org && can(user.role, "bulk.read")
      ? [
          {
            label: "Bulk import",
            href: `/orgs/${org}/bulk`,
            current: pathname.startsWith(`/orgs/${org}/bulk`),
          },
        ]
      : []),
    ...(org
      ? [
          { label: "Presets", href: `/orgs/${org}/presets`, current: pathname === `/orgs/${org}/presets` },
          { label: "API sunset", href: `/orgs/${org}/sunset`, current: pathname === `/orgs/${org}/sunset` },
          {
            label: "Guardrails",
            href: `/orgs/${org}/guardrails`,
            current: pathname === `/orgs/${org}/guardrails`,
          },
        ]
      : []),
    ...(org && can(user.role, "provisioning.manage")
      ? [
          {
            label: "Provisioning",
            href: `/orgs/${org}/provisioning`,
            current: pathname === `/orgs/${org}/provisioning`,
          },
        ]
      : []),
  ];
  const consolePages = LINKS.filter((l) => can(user.role, l.action)).map((l) => ({
    label: l.label,
    href: withOrg(l.path, org),
    current: pathname === l.path,
  }));
  const links =
    scope === "console"
      ? [...invitations, ...consolePages]
      : scope === "org"
        ? org
          ? [...invitations, ...orgPages]
          : []
        : [...invitations, ...orgPages, ...consolePages];
  if (links.length === 0) return null;
  return (
    <ul className={cn("flex", orientation === "row" ? "items-center gap-1" : "flex-col gap-1")}>
      {links.map((l) => (
        <li key={l.label}>
          <Link
            href={l.href}
            aria-current={l.current ? "page" : undefined}
            onClick={onNavigate}
            className={cn(
              "flex rounded-md text-sm hover:bg-subtle hover:text-fg",
              orientation === "row" ? "px-2.5 py-1.5" : "px-3 py-2.5",
              l.current ? "font-medium text-fg" : "text-muted",
            )}
          >
            {l.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
