"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Section } from "@/components/account/section";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DateTime } from "@/components/ui/date-time";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import { PlusIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/errors";
import {
  useCreateProvisioningToken,
  useRevokeProvisioningToken,
} from "@/lib/api-client/provisioning/mutations";
import {
  createProvisioningTokenSchema,
  PROVISIONING_TOKEN_NAME_MAX,
  type CreateProvisioningTokenInput,
  type CreatedProvisioningToken,
  type ProvisioningTokenView,
} from "@/lib/schemas/provisioning";
import { CopyField } from "./copy-field";
import { TOKEN_STATE_BADGES } from "./provisioning-model";

/** The org's provisioning tokens: the list, a new one (its secret shown once), revoke. */
export function TokensSection({ orgId, tokens }: { orgId: string; tokens: ProvisioningTokenView[] }) {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedProvisioningToken | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  return (
    <Section
      id="provisioning-tokens"
      title="Tokens"
      description="One token per identity provider. It can only provision this org; revoking it cuts its identity provider off at the next request."
    >
      {tokens.length === 0 ? (
        <p className="text-sm text-muted">No token yet: create one for your identity provider.</p>
      ) : (
        <ul aria-label="Provisioning tokens" className="divide-y divide-line">
          {tokens.map((t) => (
            <TokenItem key={t.id} orgId={orgId} token={t} />
          ))}
        </ul>
      )}
      <div className="mt-3">
        <Button ref={createButton} variant="primary" onClick={() => setCreating(true)}>
          <PlusIcon /> Create token
        </Button>
      </div>
      {creating ? (
        <CreateProvisioningTokenDialog
          orgId={orgId}
          onOpenChange={setCreating}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
          }}
        />
      ) : null}
      <RevealDialog
        created={created}
        onDone={() => setCreated(null)}
        returnFocus={() => createButton.current}
      />
    </Section>
  );
}

function TokenItem({ orgId, token }: { orgId: string; token: ProvisioningTokenView }) {
  const revoke = useRevokeProvisioningToken(orgId);
  const [confirming, setConfirming] = useState(false);
  const badge = TOKEN_STATE_BADGES[token.state];
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-words">{token.name}</span>
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </div>
        <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-muted">
          <dt>Prefix</dt>
          <dd className="font-mono break-all">{token.prefix}…</dd>
          <dt>Created</dt>
          <dd className="break-words">
            <DateTime value={token.createdAt} />
            {token.createdByEmail ? <> by {token.createdByEmail}</> : null}
          </dd>
          <dt>Last used</dt>
          <dd className="break-words">
            {token.lastUsedAt ? (
              <>
                <DateTime value={token.lastUsedAt} mode="relative" past /> from{" "}
                <span className="break-all">{token.lastUsedIp ?? "an unknown address"}</span>
              </>
            ) : (
              "Never"
            )}
          </dd>
          {token.revokedAt ? (
            <>
              <dt>Revoked</dt>
              <dd>
                <DateTime value={token.revokedAt} />
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      {token.state === "active" ? (
        <Button
          size="sm"
          variant="danger"
          aria-label={`Revoke token ${token.name}`}
          onClick={() => setConfirming(true)}
        >
          Revoke
        </Button>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Revoke the provisioning token “${token.name}”?`}
        description={`The identity provider that sends ${token.prefix}… is refused from its next request.`}
        note="People it provisioned stay as they are. The token stays in the list as revoked. This cannot be undone."
        keepLabel="Keep it"
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        pendingAnnouncement="Revoking the token"
        errorPrefix="Not revoked"
        failureMessage="The token could not be revoked."
        onConfirm={async () => {
          await revoke.mutateAsync(token.id);
          toast.success(`Token “${token.name}” revoked.`);
          setConfirming(false);
        }}
        onClose={() => setConfirming(false)}
      />
    </li>
  );
}

/** A name, nothing else: a provisioning token has no role, orgs or expiry (it provisions this org until revoked). */
function CreateProvisioningTokenDialog({
  orgId,
  onOpenChange,
  onCreated,
}: {
  orgId: string;
  onOpenChange: (open: boolean) => void;
  onCreated: (created: CreatedProvisioningToken) => void;
}) {
  const create = useCreateProvisioningToken(orgId);
  const form = useForm<CreateProvisioningTokenInput>({
    resolver: zodResolver(createProvisioningTokenSchema),
    defaultValues: { name: "" },
  });
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const pending = create.isPending;
  const error = form.formState.errors.name?.message;

  const onValid = (input: CreateProvisioningTokenInput) => {
    setFormMessage(null);
    create.mutate(input, {
      onSuccess: (created) => {
        // The secret lives in the reveal dialog's state only, not in the mutation cache.
        create.reset();
        onCreated(created);
      },
      onError: (e) => {
        const field = e instanceof ApiError ? e.fields?.name : undefined;
        if (field) form.setError("name", { type: "server", message: field }, { shouldFocus: true });
        else setFormMessage(e instanceof ApiError ? e.message : "The token could not be created. Try again.");
      },
    });
  };

  return (
    <Dialog open onOpenChange={(next) => !pending && onOpenChange(next)}>
      <DialogContent
        title="Create a provisioning token"
        description="Name it after the identity provider that will use it: the audit log shows “provisioning: <name>”."
        closeDisabled={pending}
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          form.setFocus("name");
        }}
      >
        <form
          onSubmit={(e) => void form.handleSubmit(onValid)(e)}
          noValidate
          className="flex min-h-0 flex-1 flex-col"
          aria-label="Create a provisioning token"
        >
          <DialogBody className="flex flex-col gap-1.5">
            <Label htmlFor="provisioning-token-name">Name</Label>
            <Input
              id="provisioning-token-name"
              autoComplete="off"
              maxLength={PROVISIONING_TOKEN_NAME_MAX}
              aria-invalid={error ? true : undefined}
              aria-describedby="provisioning-token-name-hint provisioning-token-name-error"
              {...form.register("name")}
            />
            <FieldHint id="provisioning-token-name-hint">Such as “okta” or “entra”.</FieldHint>
            <FieldError id="provisioning-token-name-error" message={error} />
          </DialogBody>
          <FormAlert message={formMessage} className="mx-5 mb-3" />
          <FormFooter
            closeLabel="Cancel"
            closeDisabled={pending}
            submitLabel="Create token"
            pending={pending}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The secret, once. A stray click outside does not close it; Done (or Esc) does, and the secret is dropped. */
function RevealDialog({
  created,
  onDone,
  returnFocus,
}: {
  created: CreatedProvisioningToken | null;
  onDone: () => void;
  returnFocus: () => HTMLElement | null | undefined;
}) {
  return (
    <Dialog open={created !== null} onOpenChange={(next) => !next && onDone()}>
      {created ? (
        <DialogContent
          size="lg"
          title={`Your new provisioning token “${created.token.name}”`}
          description="Paste it into your identity provider as the bearer token (Okta: Authorization; Entra ID: Secret Token)."
          onInteractOutside={(e) => e.preventDefault()}
          returnFocusFallback={returnFocus}
        >
          <DialogBody className="flex min-w-0 flex-col gap-3">
            <FormAlert tone="warn" message="Copy it now: it will not be shown again." />
            <CopyField
              id="provisioning-token-secret"
              label="Token"
              value={created.secret}
              copyLabel="Copy the token"
            />
            <p className="text-xs text-muted">
              Keep it like a password: whoever holds it can add people to this org’s invitations until it is
              revoked.
            </p>
          </DialogBody>
          <DialogFooter>
            <Button variant="primary" onClick={onDone}>
              Done
            </Button>
          </DialogFooter>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
