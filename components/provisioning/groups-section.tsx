"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { toast } from "@/components/ui/toast";
import { Section } from "@/components/account/section";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/error-message";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { ApiError } from "@/lib/api-client/errors";
import { presetsQuery } from "@/lib/api-client/presets/queries";
import { useDeleteGroupMap, usePutGroupMap } from "@/lib/api-client/provisioning/mutations";
import type { Preset } from "@/lib/schemas/presets";
import {
  GROUP_NAME_MAX,
  putGroupMapSchema,
  type GroupMapView,
  type ProvisioningOverview,
  type PutGroupMapInput,
} from "@/lib/schemas/provisioning";
import { groupMapChange, groupPresetText, mapOf, placeMapError, unseenMaps } from "./provisioning-model";

type Group = ProvisioningOverview["groups"][number];

/**
 * Directory groups and the preset each applies: a group named like a preset applies it; a map applies another;
 * otherwise its members get the org's default preset. Admins map a group from its row, or a name not seen yet.
 */
export function GroupsSection({
  orgId,
  groups,
  maps,
}: {
  orgId: string;
  groups: Group[];
  maps: GroupMapView[];
}) {
  const presets = useQuery(presetsQuery(orgId));
  const list = presets.data?.presets ?? [];
  const unseen = unseenMaps(groups, maps);
  return (
    <Section
      id="provisioning-groups"
      title="Groups → presets"
      description="A directory group whose name is a preset’s name applies that preset. Map other groups to a preset here; a person in no mapped group gets the org’s default preset."
    >
      {presets.isError ? (
        <FormAlert
          className="mb-3"
          message={
            <>
              The presets could not be read, so groups cannot be mapped now:{" "}
              <ErrorMessage error={presets.error} />
            </>
          }
        />
      ) : null}
      {presets.isSuccess && list.length === 0 ? (
        <p className="mb-3 text-sm">
          This org has no presets yet:{" "}
          <Link href={`/orgs/${orgId}/presets`} className="font-medium underline underline-offset-2">
            create one on the Presets page
          </Link>{" "}
          to map groups to it.
        </p>
      ) : null}
      {groups.length === 0 ? (
        <p className="text-sm text-muted">
          The directory has sent no group yet. Groups appear here once your identity provider pushes them.
        </p>
      ) : (
        <ul aria-label="Directory groups" className="divide-y divide-line">
          {groups.map((g) => (
            <GroupRow
              key={g.id}
              orgId={orgId}
              name={g.displayName}
              members={g.members}
              presetText={groupPresetText(g)}
              noPreset={g.presetName === null}
              map={mapOf(g.displayName, maps)}
              presets={list}
              presetsReady={presets.isSuccess}
            />
          ))}
        </ul>
      )}
      {unseen.length > 0 ? (
        <>
          <h3 className="mt-4 text-sm font-medium">Mapped, not seen in the directory yet</h3>
          <ul aria-label="Maps of groups not seen yet" className="divide-y divide-line">
            {unseen.map((m) => (
              <GroupRow
                key={m.groupName}
                orgId={orgId}
                name={m.groupName}
                members={null}
                presetText={m.presetName ?? "A deleted preset: applies nothing"}
                noPreset={m.presetName === null}
                map={m}
                presets={list}
                presetsReady={presets.isSuccess}
              />
            ))}
          </ul>
        </>
      ) : null}
      <MapNameForm orgId={orgId} presets={list} disabled={!presets.isSuccess || list.length === 0} />
    </Section>
  );
}

function GroupRow({
  orgId,
  name,
  members,
  presetText,
  noPreset,
  map,
  presets,
  presetsReady,
}: {
  orgId: string;
  name: string;
  /** null: a map of a group the directory has not sent. */
  members: number | null;
  presetText: string;
  noPreset: boolean;
  map: GroupMapView | null;
  presets: Preset[];
  presetsReady: boolean;
}) {
  const put = usePutGroupMap(orgId);
  const remove = useDeleteGroupMap(orgId);
  const [error, setError] = useState<Error | null>(null);
  const pending = put.isPending || remove.isPending;
  const selectId = useId();
  // While a change is sent, the select shows the choice being saved rather than jumping back.
  const shownValue = put.isPending
    ? (put.variables?.presetId ?? "")
    : remove.isPending
      ? ""
      : (map?.presetId ?? "");

  const choose = (presetId: string) => {
    setError(null);
    const change = groupMapChange(map, presetId);
    const onError = (e: Error) => setError(e);
    if (change.kind === "put") {
      put.mutate(
        { groupName: name, presetId: change.presetId },
        {
          onSuccess: ({ groupMap }) => toast.success(`“${name}” now applies “${groupMap.presetName ?? ""}”.`),
          onError,
        },
      );
    } else if (change.kind === "delete") {
      remove.mutate(name, { onSuccess: () => toast.success(`“${name}” is no longer mapped.`), onError });
    }
  };

  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-words">{name}</span>
          {members === null ? null : (
            <span className="text-xs text-muted">
              {members} {members === 1 ? "member" : "members"}
            </span>
          )}
        </div>
        <p className="mt-0.5 text-sm break-words text-muted">
          {noPreset ? <Badge tone="warn">No preset</Badge> : null} {presetText}
        </p>
        {error ? (
          <FormAlert
            className="mt-2"
            message={
              <>
                Not saved: <ErrorMessage error={error} />
              </>
            }
          />
        ) : null}
      </div>
      <div className="flex w-full min-w-0 flex-col gap-1 sm:w-64">
        <label htmlFor={selectId} className="sr-only">
          Preset for the group {name}
        </label>
        <Select
          id={selectId}
          className="w-full"
          value={shownValue}
          disabled={!presetsReady || pending}
          aria-busy={pending || undefined}
          onChange={(e) => choose(e.target.value)}
        >
          <option value="">
            {members === null ? "Remove the map" : "Not mapped (by name, or the default)"}
          </option>
          {map && !presets.some((p) => p.id === map.presetId) ? (
            <option value={map.presetId}>A deleted preset</option>
          ) : null}
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </div>
    </li>
  );
}

/** Maps a group name the directory has not sent yet (it applies as soon as a group of that name arrives). */
function MapNameForm({ orgId, presets, disabled }: { orgId: string; presets: Preset[]; disabled: boolean }) {
  const put = usePutGroupMap(orgId);
  const form = useForm<PutGroupMapInput>({
    resolver: zodResolver(putGroupMapSchema),
    defaultValues: { groupName: "", presetId: "" },
  });
  const errors = form.formState.errors;
  const [formMessage, setFormMessage] = useState<string | null>(null);

  const onValid = (input: PutGroupMapInput) => {
    setFormMessage(null);
    put.mutate(input, {
      onSuccess: ({ groupMap }) => {
        toast.success(`“${groupMap.groupName}” now applies “${groupMap.presetName ?? ""}”.`);
        form.reset({ groupName: "", presetId: "" });
      },
      onError: (e) => {
        if (!(e instanceof ApiError)) {
          setFormMessage("The map could not be saved. Try again.");
          return;
        }
        const placed = placeMapError(e);
        placed.fields.forEach(([field, message], i) =>
          form.setError(field, { type: "server", message }, { shouldFocus: i === 0 }),
        );
        setFormMessage(placed.formMessage);
      },
    });
  };

  return (
    <form
      onSubmit={(e) => void form.handleSubmit(onValid)(e)}
      noValidate
      aria-labelledby="map-name-title"
      className="mt-4 rounded-md border border-line p-3"
    >
      <h3 id="map-name-title" className="text-sm font-medium">
        Map a group name
      </h3>
      <FieldHint id="map-name-hint">
        For a group the directory has not sent yet; names match without regard to case.
      </FieldHint>
      <div className="mt-2 grid min-w-0 gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start">
        <div className="flex min-w-0 flex-col gap-1.5">
          <Label htmlFor="map-name-group">Group name</Label>
          <Input
            id="map-name-group"
            autoComplete="off"
            maxLength={GROUP_NAME_MAX}
            aria-invalid={errors.groupName ? true : undefined}
            aria-describedby="map-name-hint map-name-group-error"
            {...form.register("groupName")}
          />
          <FieldError id="map-name-group-error" message={errors.groupName?.message} />
        </div>
        <div className="flex min-w-0 flex-col gap-1.5">
          <Label htmlFor="map-name-preset">Preset</Label>
          <Select
            id="map-name-preset"
            className="w-full"
            disabled={disabled}
            aria-invalid={errors.presetId ? true : undefined}
            aria-describedby="map-name-preset-error"
            {...form.register("presetId")}
          >
            <option value="">{presets.length === 0 ? "No presets yet" : "Choose a preset"}</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
          <FieldError id="map-name-preset-error" message={errors.presetId?.message} />
        </div>
        <Button type="submit" className="sm:mt-6" disabled={disabled} pending={put.isPending}>
          Map
        </Button>
      </div>
      <FormAlert message={formMessage} className="mt-2" />
    </form>
  );
}
