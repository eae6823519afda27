import { useMutation } from "@tanstack/react-query";
import type { PresetInput } from "@/lib/schemas/presets";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { orgPath } from "../paths";
import { presetKeys } from "./keys";

const path = (orgId: string, id: string) => `${orgPath(orgId)}/presets/${encodeURIComponent(id)}`;

/** Every change can move the default and writes an audit row: both lists. */
const changed = (orgId: string) => [presetKeys.list(orgId), auditKeys.all()] as const;

export function useCreatePreset(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: PresetInput) =>
      apiFetch(`${orgPath(orgId)}/presets`, {
        method: "POST",
        body: input,
        schema: answer("presetResponseSchema"),
      }),
    onSettled: () => invalidate(...changed(orgId)),
  });
}

export function useUpdatePreset(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: PresetInput }) =>
      apiFetch(path(orgId, id), { method: "PATCH", body: input, schema: answer("presetResponseSchema") }),
    onSettled: () => invalidate(...changed(orgId)),
  });
}

export function useDeletePreset(orgId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => apiFetch<undefined>(path(orgId, id), { method: "DELETE" }),
    onSettled: () => invalidate(...changed(orgId)),
  });
}
