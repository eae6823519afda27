"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import {
  useCreateConnection,
  useTestConnection,
  useUpdateConnection,
} from "@/lib/api-client/connections/mutations";
import { ApiError } from "@/lib/api-client/errors";
import {
  connectionFormSchema,
  DEFAULT_BASE_URL,
  type Connection,
  type ConnectionTest,
  type ConnectionFormOutput,
  type ConnectionFormValues,
  type UpdateConnectionInput,
} from "@/lib/schemas/connections";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import { TestResult } from "./test-result";

const FIELDS = ["name", "baseUrl", "clientId", "clientSecret", "invitesApi"] as const;

function defaults(connection: Connection | null): ConnectionFormValues {
  return {
    name: connection?.name ?? "",
    baseUrl: connection?.baseUrl ?? DEFAULT_BASE_URL,
    clientId: connection?.clientId ?? "",
    clientSecret: "",
    invitesApi: connection?.invitesApi ?? "users",
  };
}

/**
 * Add (connection null) or edit a connection. The secret field is write-only: it starts empty, and in edit mode
 * an empty secret keeps the stored one. The draft survives a refused submit. Saving tests the connection and
 * shows the result here; saving without a test asks first.
 */
export function ConnectionFormDialog({
  connection,
  open,
  onOpenChange,
}: {
  connection: Connection | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const mode = connection ? "edit" : "create";
  const form = useForm<ConnectionFormValues, unknown, ConnectionFormOutput>({
    resolver: zodResolver(connectionFormSchema(mode)),
    defaultValues: defaults(connection),
  });
  const create = useCreateConnection();
  const update = useUpdateConnection(connection?.id ?? "");
  const retest = useTestConnection(connection?.id ?? "");
  const pending = create.isPending || update.isPending || retest.isPending;
  const [formMessage, setFormMessage] = useState<string | null>(null);
  /** "Save without testing" was pressed once: the next press saves untested. */
  const [confirmUntested, setConfirmUntested] = useState(false);
  const [result, setResult] = useState<{ name: string; test: ConnectionTest | null } | null>(null);
  const errors = form.formState.errors;

  const close = (next: boolean) => {
    if (pending) return;
    if (!next) {
      setResult(null);
      setConfirmUntested(false);
      setFormMessage(null);
    }
    onOpenChange(next);
  };

  const onError = (error: Error) => {
    if (!(error instanceof ApiError)) {
      setFormMessage("The connection could not be saved. Try again.");
      return;
    }
    const placed = Object.entries(error.fields ?? {}).filter(([k]) =>
      (FIELDS as readonly string[]).includes(k),
    );
    placed.forEach(([k, message], i) =>
      form.setError(
        k as FieldPath<ConnectionFormValues>,
        { type: "server", message },
        { shouldFocus: i === 0 },
      ),
    );
    setFormMessage(placed.length > 0 ? null : error.message);
  };

  const onValid = (values: ConnectionFormOutput, test = true) => {
    setFormMessage(null);
    if (!connection) {
      create.mutate(
        { ...values, test },
        {
          onSuccess: ({ connection: created, test: tested }) => {
            if (!tested) toast.success(`Connection “${created.name}” saved without a test.`);
            else if (tested.ok) toast.success(`Connection “${created.name}” saved; it works.`);
            else toast.error(`Connection “${created.name}” saved, but its test found a problem.`);
            form.reset(defaults(null));
            setConfirmUntested(false);
            setResult({ name: created.name, test: tested });
          },
          onError,
        },
      );
      return;
    }
    const changes: UpdateConnectionInput = {};
    if (values.name !== connection.name) changes.name = values.name;
    if (values.baseUrl !== connection.baseUrl) changes.baseUrl = values.baseUrl;
    if (values.clientId !== connection.clientId) changes.clientId = values.clientId;
    if (values.invitesApi !== connection.invitesApi) changes.invitesApi = values.invitesApi;
    if (values.clientSecret) changes.clientSecret = values.clientSecret;
    if (Object.keys(changes).length === 0) {
      onOpenChange(false);
      return;
    }
    const credentials =
      changes.baseUrl !== undefined ||
      changes.clientId !== undefined ||
      changes.clientSecret !== undefined ||
      changes.invitesApi !== undefined;
    update.mutate(changes, {
      onSuccess: ({ connection: saved }) => {
        form.reset(defaults(saved));
        setConfirmUntested(false);
        if (!credentials || !test) {
          toast.success(`Connection “${saved.name}” saved.`);
          close(false);
          return;
        }
        // Other credentials: the stored test no longer says anything; test again and show it here.
        retest.mutate(undefined, {
          onSuccess: ({ test: tested }) => {
            if (tested.ok) toast.success(`Connection “${saved.name}” saved; it works.`);
            else toast.error(`Connection “${saved.name}” saved, but its test found a problem.`);
            setResult({ name: saved.name, test: tested });
          },
          onError: () => {
            toast.error(`Connection “${saved.name}” saved; the test could not run.`);
            setResult({ name: saved.name, test: null });
          },
        });
      },
      onError,
    });
  };

  const field = (name: (typeof FIELDS)[number]) => ({
    id: `connection-${name}`,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": `connection-${name}-hint connection-${name}-error`,
    ...form.register(name),
  });

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title={connection ? `Edit “${connection.name}”` : "Add an Atlas connection"}
        description="A service account of the Atlas organization: its client id and secret. The secret is encrypted and never shown again."
        closeDisabled={pending}
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          if (!result) form.setFocus("name");
        }}
      >
        {result ? (
          <SavedResult name={result.name} test={result.test} onClose={() => close(false)} />
        ) : (
          <form
            onSubmit={(e) => void form.handleSubmit((v) => onValid(v, true))(e)}
            noValidate
            className="flex min-h-0 flex-1 flex-col"
            aria-label={connection ? "Edit connection" : "Add connection"}
          >
            <DialogBody className="flex flex-col gap-4">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="connection-name">Name</Label>
                <Input autoComplete="off" {...field("name")} />
                <FieldHint id="connection-name-hint">Shown in the organization switcher.</FieldHint>
                <FieldError id="connection-name-error" message={errors.name?.message} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="connection-baseUrl">Atlas base URL</Label>
                <Input
                  autoComplete="off"
                  spellCheck={false}
                  list="connection-base-urls"
                  {...field("baseUrl")}
                />
                <datalist id="connection-base-urls">
                  <option value="https://cloud.mongodb.com">Atlas</option>
                  <option value="https://cloud.mongodbgov.com">Atlas for Government</option>
                </datalist>
                <FieldHint id="connection-baseUrl-hint">
                  https://cloud.mongodb.com, or https://cloud.mongodbgov.com for Atlas for Government.
                </FieldHint>
                <FieldError id="connection-baseUrl-error" message={errors.baseUrl?.message} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="connection-clientId">Client id</Label>
                <Input
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="mdb_sa_id_…"
                  {...field("clientId")}
                />
                <FieldHint id="connection-clientId-hint">
                  Atlas → Organization → Access Manager → Service Accounts. Give it Organization Owner.
                </FieldHint>
                <FieldError id="connection-clientId-error" message={errors.clientId?.message} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="connection-clientSecret">
                  {connection ? "New client secret" : "Client secret"}
                </Label>
                <Input
                  type="password"
                  autoComplete="new-password"
                  spellCheck={false}
                  {...field("clientSecret")}
                />
                <FieldHint id="connection-clientSecret-hint">
                  {connection
                    ? `Leave empty to keep the stored secret${connection.secretLast4 ? ` (ending in ${connection.secretLast4})` : ""}.`
                    : "Write-only: it is encrypted at rest and never sent back to a browser."}
                </FieldHint>
                <FieldError id="connection-clientSecret-error" message={errors.clientSecret?.message} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="connection-invitesApi">Invitations through</Label>
                <Select {...field("invitesApi")}>
                  <option value="users">Users API (2025-02-19, current)</option>
                  <option value="invitations">Legacy invitations API (2023-01-01, sunset 2027-07-01)</option>
                </Select>
                <FieldHint id="connection-invitesApi-hint">
                  The users API replaces the deprecated one.
                </FieldHint>
                <FieldError id="connection-invitesApi-error" message={errors.invitesApi?.message} />
              </div>
            </DialogBody>
            <FormAlert message={formMessage} className="mx-5 mb-3" />
            <FormAlert
              tone="warn"
              className="mx-5 mb-3"
              message={
                confirmUntested
                  ? "Save without testing? Nobody will know whether the credentials work or where the account is Organization Owner until it is tested. Press “Save untested” to save it anyway."
                  : null
              }
            />
            <FormFooter
              closeDisabled={pending}
              pending={pending}
              submitLabel={connection ? "Save and test" : "Add and test"}
            >
              <Button
                type="button"
                variant="ghost"
                disabled={pending}
                onClick={() => {
                  if (!confirmUntested) {
                    setConfirmUntested(true);
                    return;
                  }
                  void form.handleSubmit((v) => onValid(v, false))();
                }}
              >
                {confirmUntested ? "Save untested" : "Save without testing"}
              </Button>
            </FormFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** After saving: what the test found, in the dialog that saved it. */
function SavedResult({
  name,
  test,
  onClose,
}: {
  name: string;
  test: ConnectionTest | null;
  onClose: () => void;
}) {
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <DialogBody className="flex flex-col gap-3">
        <p className="text-sm font-medium">
          {test ? `“${name}” is saved. Its test:` : `“${name}” is saved, not tested.`}
        </p>
        {test ? (
          <TestResult test={test} />
        ) : (
          <p className="text-sm text-muted">Test it from its card before relying on it.</p>
        )}
        <p className="text-sm text-muted">
          Saving never moves an organization another working connection serves: choose which connection serves
          an organization on its card.
        </p>
      </DialogBody>
      <DialogFooter>
        <Button variant="primary" onClick={onClose} autoFocus>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
