"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useParams } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { ChevronDownIcon } from "@/components/ui/icons";
import { exportHref } from "@/lib/api-client/invitations/export";
import type { ListParams } from "@/lib/search-params/invitations";

const ITEM =
  "flex cursor-default items-center rounded px-2 py-1.5 text-sm outline-none select-none data-[highlighted]:bg-subtle";

/** "Export": the current tab with its filters and order as CSV or JSON (GET /api/orgs/{orgId}/export). */
export function ExportMenu({ params }: { params: ListParams }) {
  // Null outside the App Router (a component test): then there is nothing to link to.
  const orgId = useParams<{ orgId: string }>()?.orgId;
  if (!orgId) return null;
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger className={buttonClasses("secondary", "md")}>
        Export
        <ChevronDownIcon aria-hidden="true" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-36 rounded-md border border-line bg-surface p-1 text-fg shadow-lg"
        >
          {/* Plain links: the browser downloads (Content-Disposition: attachment) with the session cookie. */}
          <Menu.Item asChild className={ITEM}>
            <a href={exportHref(orgId, params, "csv")} download>
              CSV
            </a>
          </Menu.Item>
          <Menu.Item asChild className={ITEM}>
            <a href={exportHref(orgId, params, "json")} download>
              JSON
            </a>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
