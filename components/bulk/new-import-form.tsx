"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useMemo, useState, type ChangeEvent } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { usePermission } from "@/components/auth/session-context";
import { OrgRolesField } from "@/components/invitations/org-roles-field";
import { ProjectRolesField } from "@/components/invitations/project-roles-field";
import { TeamsField } from "@/components/invitations/teams-field";
import { Button } from "@/components/ui/button";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { FieldError, FieldHint, Input, Label, Textarea } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { usePlanBulkImport } from "@/lib/api-client/bulk/mutations";
import { ApiError } from "@/lib/api-client/errors";
import { projectsQuery, teamsQuery } from "@/lib/api-client/orgs/queries";
import type { BulkField } from "@/lib/bulk/csv-format";
import { parseBulkCsv } from "@/lib/bulk/parse-csv";
import { MAX_BULK_CSV_CHARS } from "@/lib/schemas/bulk";
import { count, csvSizeProblem, fileSizeProblem, runSummary } from "./bulk-text";
import { CsvFormatHelp } from "./csv-format-help";
import { CsvPreview } from "./csv-preview";
import { DefaultPresetField } from "./default-preset-field";
import {
  BULK_IMPORT_DEFAULTS,
  bulkImportFormSchema,
  bulkImportInput,
  placeBulkImportError,
  previewBlocker,
  type BulkImportFormOutput,
  type BulkImportFormValues,
  type HeaderMapping,
} from "./import-form-model";

const REFUSED_ID = "bulk-import-refused";

/**
 * New import: paste or upload a CSV, see at once what the console reads from it, choose the defaults for all
 * rows, and ask for the plan (a dry run: nothing is sent). A refusal keeps everything typed.
 */
export function NewImportForm({ orgId }: { orgId: string }) {
  const router = useRouter();
  const permission = usePermission("bulk.run");
  const teams = useQuery(teamsQuery(orgId));
  const projects = useQuery(projectsQuery(orgId));
  const plan = usePlanBulkImport(orgId);
  const form = useForm<BulkImportFormValues, unknown, BulkImportFormOutput>({
    resolver: zodResolver(bulkImportFormSchema),
    defaultValues: BULK_IMPORT_DEFAULTS,
  });
  const [mapping, setMapping] = useState<HeaderMapping>({});
  const [fileMessage, setFileMessage] = useState<string | null>(null);
  const [formMessage, setFormMessage] = useState<string | null>(null);

  const csv = useWatch({ control: form.control, name: "csv" }) ?? "";
  // A large file re-parses after typing pauses, not on each keystroke's render.
  const deferredCsv = useDeferredValue(csv);
  const sizeProblem = csvSizeProblem({ chars: csv.length });
  const parsed = useMemo(
    () =>
      deferredCsv.trim() === "" || deferredCsv.length > MAX_BULK_CSV_CHARS
        ? null
        : parseBulkCsv(deferredCsv, { mapping }),
    [deferredCsv, mapping],
  );

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // The same file can be chosen again after an edit.
    e.target.value = "";
    if (!file) return;
    setFileMessage(null);
    const unreadable = fileSizeProblem({ bytes: file.size, name: file.name });
    if (unreadable) return setFileMessage(unreadable);
    let text: string;
    try {
      text = await file.text();
    } catch {
      return setFileMessage(`${file.name} could not be read.`);
    }
    const tooLarge = csvSizeProblem({ chars: text.length, name: file.name });
    if (tooLarge) return setFileMessage(tooLarge);
    form.setValue("csv", text, { shouldDirty: true });
    form.clearErrors("csv");
    form.setValue("label", file.name.slice(0, 200));
    setMapping({});
    setFileMessage(`${file.name} loaded (${count(text.length)} characters). You can edit it below.`);
  };

  const onValid = (values: BulkImportFormOutput) => {
    setFormMessage(null);
    const blocker = sizeProblem ?? previewBlocker(parsed);
    if (blocker || !parsed) {
      setFormMessage(blocker);
      return;
    }
    plan.mutate(bulkImportInput(values, parsed.headers, mapping), {
      onSuccess: ({ run }) => {
        toast.success(`Plan ready: ${runSummary(run)}. Nothing has been sent yet.`);
        router.push(`/orgs/${orgId}/bulk/${run.id}`);
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) {
          setFormMessage("The plan could not be made. Try again.");
          return;
        }
        const placed = placeBulkImportError(error);
        placed.fields.forEach(([path, message], i) =>
          form.setError(
            path as FieldPath<BulkImportFormValues>,
            { type: "server", message },
            { shouldFocus: i === 0 },
          ),
        );
        setFormMessage(placed.formMessage);
      },
    });
  };

  const csvError = sizeProblem ?? form.formState.errors.csv?.message;
  const blocked = !permission.allowed;
  return (
    <form
      noValidate
      aria-labelledby="new-import-title"
      className="space-y-5 rounded-lg border border-line bg-surface p-4"
      onSubmit={(e) => void form.handleSubmit(onValid)(e)}
    >
      <div>
        <h2 id="new-import-title" className="text-base font-semibold">
          New import
        </h2>
        <p className="mt-1 text-sm text-muted">
          Paste CSV text or upload a file. The preview sends nothing: you see what would happen to each row
          and start the run from there.
        </p>
      </div>
      <CsvFormatHelp />

      <div className="space-y-1.5">
        <Label htmlFor="bulk-file">Upload a file</Label>
        <input
          id="bulk-file"
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          aria-describedby="bulk-file-hint"
          onChange={(e) => void onFile(e)}
          className="block w-full max-w-full text-sm text-muted file:mr-3 file:rounded-md file:border file:border-line-strong file:bg-surface file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-fg hover:file:bg-subtle"
        />
        <p id="bulk-file-hint" className="text-xs text-muted" aria-live="polite">
          {fileMessage ?? `A .csv or .txt file of at most ${count(MAX_BULK_CSV_CHARS)} characters.`}
        </p>
      </div>

      <div className="space-y-1.5" data-field>
        <Label htmlFor="bulk-csv">CSV text</Label>
        <Textarea
          id="bulk-csv"
          rows={8}
          spellCheck={false}
          placeholder={"email,org roles,teams\nada@example.com,ORG_MEMBER,Data"}
          className="font-mono text-xs"
          aria-invalid={!!csvError || undefined}
          aria-describedby={csvError ? "bulk-csv-error" : "bulk-csv-hint"}
          {...form.register("csv", { onChange: () => setFormMessage(null) })}
        />
        {csvError ? (
          <FieldError id="bulk-csv-error" message={csvError} />
        ) : (
          <FieldHint id="bulk-csv-hint">
            {csv ? `${count(csv.length)} of ${count(MAX_BULK_CSV_CHARS)} characters` : "Or paste it here."}
          </FieldHint>
        )}
      </div>

      {parsed ? (
        <CsvPreview
          parsed={parsed}
          mapping={mapping}
          onMap={(header: string, field: BulkField | null) => setMapping((m) => ({ ...m, [header]: field }))}
        />
      ) : null}

      <div className="space-y-1.5">
        <Label htmlFor="bulk-label">Name of this import</Label>
        <Input
          id="bulk-label"
          maxLength={200}
          placeholder="pasted"
          aria-describedby="bulk-label-hint"
          {...form.register("label")}
        />
        <FieldHint id="bulk-label-hint">
          Shown in the list of runs; the file&apos;s name when you upload one.
        </FieldHint>
      </div>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold">Defaults for all rows</legend>
        <p className="text-xs text-muted">Used where a row&apos;s own cell is empty.</p>
        <DefaultPresetField
          orgId={orgId}
          registration={form.register("presetId")}
          error={form.formState.errors.presetId?.message}
        />
        <OrgRolesField control={form.control} />
        <TeamsField control={form.control} teams={teams.data?.teams ?? []} />
        <ProjectRolesField
          control={form.control}
          register={form.register}
          errors={form.formState.errors.projectRoles}
          projects={projects.data?.projects ?? []}
        />
      </fieldset>

      <FormAlert message={formMessage} />
      <div className="flex flex-wrap items-center justify-end gap-2">
        <DisabledReason id={REFUSED_ID} reason={permission.reason} className="basis-full text-right" />
        <Button
          type="submit"
          variant="primary"
          pending={plan.isPending}
          disabled={blocked}
          aria-describedby={blocked ? REFUSED_ID : undefined}
        >
          Preview (dry run)
        </Button>
      </div>
    </form>
  );
}
