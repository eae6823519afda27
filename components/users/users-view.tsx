"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useSessionUser } from "@/components/auth/session-context";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { AddUserForm } from "./add-user-form";
import { AdminTokensSection } from "./tokens-section";
import { UserRow } from "./user-row";
import { usersQuery } from "@/lib/api-client/users/queries";
import { ErrorMessage } from "@/components/ui/error-message";

export function UsersView() {
  const me = useSessionUser();
  const users = useQuery(usersQuery());

  let content;
  if (users.isPending) {
    content = (
      <div className="flex flex-col gap-2" role="status" aria-busy="true" aria-label="Loading console users">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    );
  } else if (users.isError) {
    content = (
      <StatePanel
        role="alert"
        tone="danger"
        title="Console users could not be loaded"
        action={
          <RetryButton error={users.error} pending={users.isFetching} onClick={() => users.refetch()}>
            Try again
          </RetryButton>
        }
      >
        <ErrorMessage error={users.error} />
      </StatePanel>
    );
  } else {
    content = (
      <div className="rounded-lg border border-line bg-surface">
        <table className="block w-full text-sm lg:table">
          <caption className="sr-only">Console users</caption>
          <thead className="hidden text-left text-xs text-muted lg:table-header-group">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                User
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Role
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Sign-in
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Added
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="block lg:table-row-group">
            {users.data.users.map((u) => (
              <UserRow key={u.id} user={u} isMe={u.email === me?.email} />
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-4 px-4 py-4 sm:px-6">
      <div>
        <h1 className="text-lg font-semibold">Console users</h1>
        <p className="text-sm text-muted">
          Viewers read; inviters invite, edit and cancel without privileged org roles; admins do everything.
          Set-password e-mails and the daily digest:{" "}
          <Link href="/notifications" className="text-primary underline underline-offset-2">
            Notifications
          </Link>
          .
        </p>
      </div>
      <AddUserForm />
      {content}
      <AdminTokensSection />
    </div>
  );
}
