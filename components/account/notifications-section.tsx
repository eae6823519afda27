"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "@/components/ui/toast";
import { accountNotificationsQuery } from "@/lib/api-client/notifications/queries";
import { useSetNotificationPreferences } from "@/lib/api-client/notifications/mutations";
import { ApiError } from "@/lib/api-client/errors";
import { Checkbox } from "@/components/ui/checkbox";
import type { Role } from "@/lib/permissions";
import { Section } from "./section";
import { SectionQuery } from "./section-query";

/** One's own choice of the daily invitations digest (lib/server/notifications/digest.ts). */
export function NotificationsSection({ role }: { role: Role }) {
  const query = useQuery(accountNotificationsQuery());
  const save = useSetNotificationPreferences();
  const who =
    role === "admin"
      ? "As an admin you get every org's invitations"
      : "You get the invitations you sent yourself";

  return (
    <Section id="account-notifications" title="Notifications" description="What the console e-mails you.">
      <SectionQuery
        query={query}
        loadingLabel="Loading your notification settings"
        errorTitle="Your notification settings could not be loaded"
      >
        {(data) => (
          <div className="flex flex-col gap-2">
            <div className="flex items-start gap-3">
              <Checkbox
                id="digest-toggle"
                className="mt-0.5"
                checked={data.preferences.digest}
                disabled={save.isPending}
                aria-describedby="digest-help"
                onCheckedChange={(value) =>
                  save.mutate(
                    { digest: value === true },
                    {
                      onSuccess: (d) =>
                        toast.success(
                          d.preferences.digest ? "Daily digest turned on." : "Daily digest turned off.",
                        ),
                      onError: (e) =>
                        toast.error(e instanceof ApiError ? e.message : "Your choice could not be saved."),
                    },
                  )
                }
              />
              <div className="min-w-0">
                <label htmlFor="digest-toggle" className="text-sm font-medium">
                  Daily invitations digest by e-mail
                </label>
                <p id="digest-help" className="text-sm text-muted">
                  {who}: expiring within 7 days, and accepted, expired or rejected since the last digest.
                </p>
              </div>
            </div>
            {role === "admin" ? (
              <p className="text-sm text-muted">
                What was sent and what failed, for everyone:{" "}
                <Link href="/notifications" className="text-primary underline underline-offset-2">
                  Notifications
                </Link>
                .
              </p>
            ) : null}
            {data.emailConfigured ? null : (
              <p className="rounded-md bg-warn-soft p-2 text-sm text-on-warn-soft">
                E-mail is not set up on this console (SMTP_URL), so nothing is sent yet; your choice is kept.
              </p>
            )}
          </div>
        )}
      </SectionQuery>
    </Section>
  );
}
