"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCurrentOrg } from "@/components/layout/use-current-org";
import { useSunsetBanner } from "@/lib/api-client/sunset/queries";
import { daysLeftText, dependsText, sunsetDate } from "./sunset-text";

/**
 * One line under the header on every console page while something in the current org still depends on the
 * legacy invitations API: the days left (by Atlas's clock), and past the date what still depends on it.
 * Hidden when nothing does, when no org is known, and when its readiness cannot be read (the page says why).
 */
export function SunsetBanner() {
  const orgId = useCurrentOrg();
  const pathname = usePathname();
  const { data } = useSunsetBanner(orgId);
  if (!orgId || !data || data.dependsCount === 0) return null;
  const onPage = pathname === `/orgs/${orgId}/sunset`;
  const retired = data.clock.retired;
  return (
    <div
      role="note"
      aria-label="Legacy invitations API sunset"
      className={
        retired
          ? "bg-danger-soft px-4 py-1 text-xs text-on-danger-soft sm:text-center"
          : "bg-info-soft px-4 py-1 text-xs text-on-info-soft sm:text-center"
      }
    >
      <span className="font-medium">
        Legacy invitations API{" "}
        {retired ? `retired on ${sunsetDate(data.clock.sunsetAt)}` : daysLeftText(data.clock)}
      </span>
      <span className="hidden sm:inline">
        {retired ? " — still depending on it: " : " — still using it: "}
        {dependsText(data)}
      </span>
      {onPage ? null : (
        <>
          {" · "}
          <Link href={`/orgs/${orgId}/sunset`} className="font-medium underline underline-offset-2">
            {retired ? "See what depends on it" : "Sunset readiness"}
          </Link>
        </>
      )}
    </div>
  );
}
