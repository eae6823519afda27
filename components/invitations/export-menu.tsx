"use client";

import { useParams } from "next/navigation";
import { lazy } from "react";
import { buttonClasses } from "@/components/ui/button";
import { LazyMenuButton } from "@/components/ui/lazy-menu-button";
import { ChevronDownIcon } from "@/components/ui/icons";
import { exportHref } from "@/lib/api-client/invitations/export";
import type { ListParams } from "@/lib/search-params/invitations";

// The menu (Radix: menu, popper, focus handling) loads when first opened, not with the page.
const ExportMenuItems = lazy(() =>
  import("./export-menu-items").then((m) => ({ default: m.ExportMenuItems })),
);

/** "Export": the current tab with its filters and order as CSV or JSON (GET /api/orgs/{orgId}/export). */
export function ExportMenu({ params }: { params: ListParams }) {
  // Null outside the App Router (a component test): then there is nothing to link to.
  const orgId = useParams<{ orgId: string }>()?.orgId;
  if (!orgId) return null;
  return (
    <LazyMenuButton
      trigger={{
        className: buttonClasses("secondary", "md"),
        children: (
          <>
            Export
            <ChevronDownIcon aria-hidden="true" />
          </>
        ),
      }}
      menu={(menu) => (
        <ExportMenuItems
          {...menu}
          csv={exportHref(orgId, params, "csv")}
          json={exportHref(orgId, params, "json")}
        />
      )}
    />
  );
}
