"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch, type FieldPath, type UseFormRegister } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogBody, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { FormFooter } from "@/components/ui/form-footer";
import { OrgRolesField } from "@/components/invitations/org-roles-field";
import { ProjectRolesField } from "@/components/invitations/project-roles-field";
import type { Named } from "@/components/invitations/invite-form-types";
import { ApiError } from "@/lib/api-client/errors";
import { useCreateAtlasUser } from "@/lib/api-client/atlas-users/mutations";
import { defaultGrants } from "@/lib/schemas/grants";
import {
  createAtlasUserSchema,
  MIN_PASSWORD_SCORE,
  type CreateAtlasUserFormValues,
  type CreateAtlasUserInput,
  type CreatedAtlasUser,
} from "@/lib/schemas/atlas-users";
import { CountryField } from "./country-field";
import { PasswordField } from "./password-field";

const DEFAULTS: CreateAtlasUserFormValues = {
  username: "",
  firstName: "",
  lastName: "",
  country: "",
  mobileNumber: "",
  password: "",
  ...defaultGrants(),
};

const FIELDS = new Set([
  "username",
  "firstName",
  "lastName",
  "country",
  "mobileNumber",
  "password",
  "orgRoles",
]);

interface Props {
  orgId: string;
  orgName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  projects: Named[];
  returnFocusFallback: () => HTMLElement | null | undefined;
}

/**
 * A new Atlas login invited to the org, through Atlas's deprecated createUser. The form outlives the dialog
 * (a draft survives closing); the password is cleared once the account exists and is never sent anywhere but
 * to the console's route.
 */
export function CreateAtlasUserDialog(props: Props) {
  const { orgId, orgName, open, onOpenChange, projects, returnFocusFallback } = props;
  const form = useForm<CreateAtlasUserFormValues, unknown, CreateAtlasUserInput>({
    resolver: zodResolver(createAtlasUserSchema),
    defaultValues: DEFAULTS,
  });
  const create = useCreateAtlasUser(orgId);
  const [score, setScore] = useState<number | null>(null);
  const [generated, setGenerated] = useState<string | null>(null);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<(CreatedAtlasUser & { password: string | null }) | null>(null);
  const [username, firstName, lastName] = useWatch({
    control: form.control,
    name: ["username", "firstName", "lastName"],
  });
  const errors = form.formState.errors;

  const onValid = async (input: CreateAtlasUserInput) => {
    setFormMessage(null);
    // Submitted before the meter (loaded on first use) scored the password: score it now, the same way.
    const known =
      score ??
      (await import("@/lib/password-strength")).passwordStrength(input.password, [
        input.username,
        input.firstName,
        input.lastName,
      ]).score;
    if (known < MIN_PASSWORD_SCORE) {
      form.setError(
        "password",
        { type: "strength", message: "choose a stronger password (or Generate one)" },
        { shouldFocus: true },
      );
      return;
    }
    create.mutate(input, {
      onSuccess: (user) => {
        toast.success(`Atlas account created for ${user.username}; Atlas e-mails the invitation.`);
        setCreated({ ...user, password: generated });
        form.reset(DEFAULTS);
        setGenerated(null);
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) {
          setFormMessage("The account could not be created. Try again.");
          return;
        }
        const placed = Object.entries(error.fields ?? {}).filter(
          ([k]) => FIELDS.has(k.split(".")[0] ?? "") || k.startsWith("projectRoles"),
        );
        placed.forEach(([path, message], i) =>
          form.setError(
            path as FieldPath<CreateAtlasUserFormValues>,
            { type: "server", message },
            { shouldFocus: i === 0 },
          ),
        );
        if (placed.length === 0) setFormMessage(error.message);
      },
    });
  };

  const setOpen = (next: boolean) => {
    if (!next) {
      setFormMessage(null);
      setCreated(null);
    }
    onOpenChange(next);
  };

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent
        size="lg"
        returnFocusFallback={returnFocusFallback}
        title={`Create an Atlas account in ${orgName}`}
        description="A new Atlas login with the password you set, invited to this organization. Atlas e-mails the invitation; it expires after 30 days."
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          if (!created) form.setFocus("username");
        }}
      >
        {created ? (
          <CreatedPanel created={created} onDone={() => setOpen(false)} onAnother={() => setCreated(null)} />
        ) : (
          <form
            onSubmit={(e) => void form.handleSubmit(onValid)(e)}
            noValidate
            className="flex min-h-0 flex-1 flex-col"
            aria-label="Create Atlas account"
          >
            <DialogBody className="flex flex-col gap-6">
              <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
                <Badge tone="warn">Deprecated Atlas API</Badge>
                <span className="min-w-0 flex-1">
                  Atlas retires this call on 1 July 2027. To invite someone who has or will make their own
                  login, use Invite people.
                </span>
              </p>
              <fieldset className="flex flex-col gap-4">
                <legend className="mb-2 text-sm font-semibold">Person</legend>
                <TextField
                  id="username"
                  label="E-mail (Atlas username)"
                  type="email"
                  autoComplete="off"
                  register={form.register("username")}
                  error={errors.username?.message}
                />
                <div className="grid gap-4 sm:grid-cols-2">
                  <TextField
                    id="firstName"
                    label="First name"
                    autoComplete="off"
                    register={form.register("firstName")}
                    error={errors.firstName?.message}
                  />
                  <TextField
                    id="lastName"
                    label="Last name"
                    autoComplete="off"
                    register={form.register("lastName")}
                    error={errors.lastName?.message}
                  />
                </div>
                <div className="grid gap-4 sm:grid-cols-2">
                  <CountryField register={form.register("country")} error={errors.country?.message} />
                  <TextField
                    id="mobileNumber"
                    label="Mobile number"
                    type="tel"
                    autoComplete="off"
                    hint="National or international (+…) format; checked against the country."
                    register={form.register("mobileNumber")}
                    error={errors.mobileNumber?.message}
                  />
                </div>
              </fieldset>
              <fieldset className="flex flex-col gap-4">
                <legend className="mb-2 text-sm font-semibold">Sign-in</legend>
                <PasswordField
                  control={form.control}
                  userInputs={[username ?? "", firstName ?? "", lastName ?? ""]}
                  generated={generated}
                  onGenerated={setGenerated}
                  onScore={setScore}
                />
              </fieldset>
              <OrgRolesField control={form.control} />
              <ProjectRolesField
                control={form.control}
                register={form.register}
                errors={errors.projectRoles}
                projects={projects}
              />
            </DialogBody>
            <FormAlert message={formMessage} className="mx-5 mb-3" />
            <FormFooter submitLabel="Create account" pending={create.isPending} />
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function TextField(p: {
  id: string;
  label: string;
  type?: string;
  autoComplete?: string;
  hint?: string;
  register: ReturnType<UseFormRegister<CreateAtlasUserFormValues>>;
  error?: string;
}) {
  const id = `atlas-user-${p.id}`;
  const described = [p.hint ? `${id}-hint` : null, p.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{p.label}</Label>
      <Input
        id={id}
        type={p.type ?? "text"}
        autoComplete={p.autoComplete}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={described || undefined}
        {...p.register}
      />
      {p.hint ? <FieldHint id={`${id}-hint`}>{p.hint}</FieldHint> : null}
      <FieldError id={`${id}-error`} message={p.error} />
    </div>
  );
}

function CreatedPanel(p: {
  created: CreatedAtlasUser & { password: string | null };
  onDone: () => void;
  onAnother: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <DialogBody className="flex flex-col gap-4">
        <p role="status" className="rounded-md bg-ok-soft px-3 py-2 text-sm text-on-ok-soft">
          Atlas account created for <strong>{p.created.username}</strong>. It is a pending member of the
          organization until they accept the e-mailed invitation.
        </p>
        {p.created.password ? (
          <div className="flex flex-col gap-2 rounded-md border border-line p-3 text-sm">
            <span className="font-medium">Generated password (shown this once, stored nowhere)</span>
            <code className="break-all rounded bg-subtle px-2 py-1 font-mono">{p.created.password}</code>
            <Button
              type="button"
              size="sm"
              className="self-start"
              onClick={() => {
                void navigator.clipboard?.writeText(p.created.password ?? "").catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy password"}
            </Button>
          </div>
        ) : null}
      </DialogBody>
      <DialogFooter>
        <Button onClick={p.onAnother}>Create another</Button>
        <Button variant="primary" onClick={p.onDone}>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}
