"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { orgsQuery } from "@/lib/api-client/orgs/queries";
import { formatUtc } from "@/lib/format";
import { myTokensQuery } from "@/lib/api-client/tokens/queries";
import { useRevokeMyToken } from "@/lib/api-client/tokens/mutations";
import type { Role } from "@/lib/permissions";
import type { CreatedToken, TokenView } from "@/lib/schemas/tokens";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";
import { useNow } from "@/components/ui/use-now";
import { CreateTokenDialog } from "./create-token-dialog";
import { TokenRevealDialog } from "./token-reveal-dialog";
import { Section } from "./section";
import { SectionQuery } from "./section-query";
import {
  isRevocable,
  prefixText,
  tokenExpiryText,
  tokenOrgsText,
  tokenRoleText,
  tokenStateBadge,
} from "./tokens-model";

/** The orgs the user sees (GET /api/orgs), by id, for the orgs of a token; null while unknown. */
export function useOrgNames(): { orgs: { id: string; name: string }[] | null; names: Map<string, string> } {
  const query = useQuery(orgsQuery());
  const orgs = query.data?.orgs ?? null;
  const names = useMemo(() => new Map((orgs ?? []).map((o) => [o.id, o.name])), [orgs]);
  return { orgs: orgs?.map((o) => ({ id: o.id, name: o.name })) ?? null, names };
}

export function TokenStateBadge({ state }: { state: TokenView["state"] }) {
  const { label, tone } = tokenStateBadge(state);
  return <Badge tone={tone}>{label}</Badge>;
}

/** "in 5 days", flagged when an active token has less than a week left; the exact time in the title. */
export function TokenExpiry({ token }: { token: Pick<TokenView, "expiresAt" | "state"> }) {
  const now = useNow();
  const { text, warn } = tokenExpiryText(token, now);
  const ms = Date.parse(token.expiresAt);
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <time
        dateTime={token.expiresAt}
        title={Number.isNaN(ms) ? undefined : formatUtc(ms)}
        className="whitespace-nowrap"
      >
        {text}
      </time>
      {warn ? <Badge tone="warn">Expires soon</Badge> : null}
    </span>
  );
}

export function TokenLastUsed({ token }: { token: Pick<TokenView, "lastUsedAt" | "lastUsedIp"> }) {
  if (!token.lastUsedAt) return <>Never</>;
  return (
    <>
      <DateTime value={token.lastUsedAt} mode="relative" past /> from{" "}
      <span className="break-all">{token.lastUsedIp ?? "an unknown address"}</span>
    </>
  );
}

/** Revoking one token: confirmed in a dialog that names it, which stays open while the request runs. */
export function RevokeTokenDialog({
  token,
  owner,
  open,
  onOpenChange,
  revoke,
  pending,
}: {
  token: Pick<TokenView, "name" | "prefix">;
  /** The owner's e-mail when it is not the reader's own token. */
  owner?: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  revoke: () => Promise<unknown>;
  pending: boolean;
}) {
  const whose = owner ? ` of ${owner}` : "";
  return (
    <ConfirmDialog
      open={open}
      title={`Revoke the token “${token.name}”${whose}?`}
      description={`Anything that sends ${prefixText(token.prefix)} is refused from now on.`}
      note="The token stays in the list as revoked; the audit log keeps what it did. This cannot be undone."
      keepLabel="Keep it"
      confirmLabel="Revoke token"
      pending={pending}
      pendingAnnouncement="Revoking the token"
      errorPrefix="Not revoked"
      failureMessage="The token could not be revoked."
      onConfirm={async () => {
        await revoke();
        toast.success(`Token “${token.name}” revoked.`);
        onOpenChange(false);
      }}
      onClose={() => onOpenChange(false)}
    />
  );
}

function TokenItem({ token, names }: { token: TokenView; names: ReadonlyMap<string, string> }) {
  const revoke = useRevokeMyToken();
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-words">{token.name}</span>
          <TokenStateBadge state={token.state} />
        </div>
        <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-muted">
          <dt>Prefix</dt>
          <dd className="font-mono break-all">{prefixText(token.prefix)}</dd>
          <dt>Role</dt>
          <dd>{tokenRoleText(token)}</dd>
          <dt>Orgs</dt>
          <dd className="break-words">{tokenOrgsText(token.orgIds, names)}</dd>
          <dt>Created</dt>
          <dd>
            <DateTime value={token.createdAt} />
          </dd>
          <dt>Last used</dt>
          <dd>
            <TokenLastUsed token={token} />
          </dd>
          <dt>Expires</dt>
          <dd>
            <TokenExpiry token={token} />
          </dd>
        </dl>
      </div>
      {isRevocable(token.state) ? (
        <>
          <Button
            size="sm"
            variant="danger"
            aria-label={`Revoke token ${token.name}`}
            onClick={() => setConfirming(true)}
          >
            Revoke
          </Button>
          <RevokeTokenDialog
            token={token}
            open={confirming}
            onOpenChange={setConfirming}
            revoke={() => revoke.mutateAsync(token.id)}
            pending={revoke.isPending}
          />
        </>
      ) : null}
    </li>
  );
}

/** The caller's personal API tokens: the list, a new one (its secret shown once), revoke. */
export function TokensSection({ role }: { role: Role }) {
  const query = useQuery(myTokensQuery());
  const { orgs, names } = useOrgNames();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  return (
    <Section
      id="account-tokens"
      title="API tokens"
      description="For scripts and the command-line client: each token acts as you, with at most your role, in the orgs you choose, until it expires or you revoke it."
    >
      <SectionQuery
        query={query}
        loadingLabel="Loading your API tokens"
        errorTitle="Your API tokens could not be loaded"
        rows={2}
      >
        {(data) =>
          data.tokens.length === 0 ? (
            <p className="text-sm text-muted">You have no API tokens yet.</p>
          ) : (
            <ul aria-label="Your API tokens" className="divide-y divide-line">
              {data.tokens.map((t) => (
                <TokenItem key={t.id} token={t} names={names} />
              ))}
            </ul>
          )
        }
      </SectionQuery>
      <div className="mt-3">
        <Button ref={createButton} variant="primary" onClick={() => setCreating(true)}>
          Create token
        </Button>
      </div>
      <CreateTokenDialog
        open={creating}
        onOpenChange={setCreating}
        role={role}
        orgs={orgs}
        onCreated={setCreated}
      />
      <TokenRevealDialog
        token={created}
        onDone={() => setCreated(null)}
        returnFocusFallback={() => createButton.current}
      />
    </Section>
  );
}
