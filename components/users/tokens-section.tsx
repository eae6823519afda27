"use client";

import { useQuery } from "@tanstack/react-query";
import { debounce, parseAsString, useQueryState } from "nuqs";
import { useState, type ReactNode } from "react";
import { useSessionUser } from "@/components/auth/session-context";
import {
  RevokeTokenDialog,
  TokenExpiry,
  TokenLastUsed,
  TokenStateBadge,
  useOrgNames,
} from "@/components/account/tokens-section";
import {
  filterTokens,
  isRevocable,
  prefixText,
  tokenOrgsText,
  tokenRoleText,
} from "@/components/account/tokens-model";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DateTime } from "@/components/ui/date-time";
import { Email } from "@/components/ui/email";
import { ErrorMessage } from "@/components/ui/error-message";
import { Input, Label } from "@/components/ui/field";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { useRevokeAnyToken } from "@/lib/api-client/tokens/mutations";
import { allTokensQuery } from "@/lib/api-client/tokens/queries";
import { can } from "@/lib/permissions";
import type { AdminTokenView } from "@/lib/schemas/tokens";

// The filter is typed text: it reaches the URL (?tokens=) once typing pauses; the list filters at once.
const filterParam = parseAsString.withDefault("").withOptions({ limitUrlUpdates: debounce(300) });

// A table from the xl breakpoint; below it each row is a card (label before each value), so that a phone never
// scrolls sideways (components/users/users-view.tsx does the same).
const COLUMNS = ["Owner", "Token", "Role", "Orgs", "Last used", "Expires", "State"] as const;
const CELL = "xl:px-3 xl:py-2 xl:align-top";

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <span className="text-muted xl:hidden">{label}: </span>
      {children}
    </>
  );
}

function TokenRow({ token, names }: { token: AdminTokenView; names: ReadonlyMap<string, string> }) {
  const revoke = useRevokeAnyToken();
  const [confirming, setConfirming] = useState(false);
  return (
    <tr className="flex flex-wrap items-start gap-x-4 gap-y-1 border-t border-line p-3 max-xl:first:border-t-0 xl:table-row xl:p-0">
      <td className={cn("basis-full xl:basis-auto", CELL)}>
        <Email address={token.owner.email} className="font-medium" />
        {token.owner.name ? <div className="text-xs text-muted">{token.owner.name}</div> : null}
      </td>
      <td className={cn("basis-full xl:basis-auto", CELL)}>
        <div className="break-words">{token.name}</div>
        <div className="font-mono text-xs text-muted">{prefixText(token.prefix)}</div>
        <div className="text-xs text-muted">
          Created <DateTime value={token.createdAt} />
        </div>
      </td>
      <td className={CELL}>
        <Labelled label="Role">{tokenRoleText(token)}</Labelled>
      </td>
      <td className={cn("break-words xl:max-w-48", CELL)}>
        <Labelled label="Orgs">{tokenOrgsText(token.orgIds, names)}</Labelled>
      </td>
      <td className={CELL}>
        <Labelled label="Last used">
          <TokenLastUsed token={token} />
        </Labelled>
      </td>
      <td className={CELL}>
        <Labelled label="Expires">
          <TokenExpiry token={token} />
        </Labelled>
      </td>
      <td className={CELL}>
        <TokenStateBadge state={token.state} />
      </td>
      <td className={cn("basis-full xl:text-right", CELL)}>
        {isRevocable(token.state) ? (
          <>
            <Button
              size="sm"
              variant="danger"
              aria-label={`Revoke token ${token.name} of ${token.owner.email}`}
              onClick={() => setConfirming(true)}
            >
              Revoke
            </Button>
            <RevokeTokenDialog
              token={token}
              owner={token.owner.email}
              open={confirming}
              onOpenChange={setConfirming}
              revoke={() => revoke.mutateAsync(token.id)}
              pending={revoke.isPending}
            />
          </>
        ) : null}
      </td>
    </tr>
  );
}

function TokensTable({ tokens, filter }: { tokens: AdminTokenView[]; filter: string }) {
  const { names } = useOrgNames();
  const shown = filterTokens(tokens, filter);
  if (tokens.length === 0) {
    return (
      <p className="text-sm text-muted">
        No one has an API token yet; people create them on their Account page.
      </p>
    );
  }
  if (shown.length === 0) return <p className="text-sm text-muted">No token matches “{filter.trim()}”.</p>;
  return (
    <div className="rounded-lg border border-line bg-surface">
      <table className="block w-full text-sm xl:table">
        <caption className="sr-only">Every API token</caption>
        <thead className="hidden text-left text-xs text-muted xl:table-header-group">
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className="px-3 py-2 font-medium">
                {c}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="block xl:table-row-group">
          {shown.map((t) => (
            <TokenRow key={t.id} token={t} names={names} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AdminTokens() {
  const query = useQuery(allTokensQuery());
  const [filter, setFilter] = useQueryState("tokens", filterParam);

  let content;
  if (query.isPending) {
    content = (
      <div className="flex flex-col gap-2" role="status" aria-busy="true" aria-label="Loading API tokens">
        {Array.from({ length: 3 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    );
  } else if (query.isError) {
    content = (
      <StatePanel
        role="alert"
        tone="danger"
        title="API tokens could not be loaded"
        action={
          <RetryButton error={query.error} pending={query.isFetching} onClick={() => query.refetch()}>
            Try again
          </RetryButton>
        }
      >
        <ErrorMessage error={query.error} />
      </StatePanel>
    );
  } else {
    content = <TokensTable tokens={query.data.tokens} filter={filter} />;
  }

  return (
    <section aria-labelledby="admin-tokens-title" className="flex min-w-0 flex-col gap-3">
      <div>
        <h2 id="admin-tokens-title" className="text-base font-semibold">
          API tokens
        </h2>
        <p className="text-sm text-muted">
          Every console user’s personal tokens. Revoke one that should no longer work; a deactivated user’s
          tokens stop with them.
        </p>
      </div>
      <div className="flex max-w-sm flex-col gap-1.5">
        <Label htmlFor="admin-tokens-filter">Filter by owner or token name</Label>
        <Input
          id="admin-tokens-filter"
          type="search"
          autoComplete="off"
          value={filter}
          onChange={(e) => void setFilter(e.target.value || null)}
        />
      </div>
      {content}
    </section>
  );
}

/** Admins only: every personal API token, with a revoke action. Nothing for anyone else. */
export function AdminTokensSection() {
  const me = useSessionUser();
  if (!me || !can(me.role, "users.manage")) return null;
  return <AdminTokens />;
}
