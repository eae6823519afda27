import { queryOptions } from "@tanstack/react-query";
import type { ApprovalStatus } from "@/lib/schemas/onboarding";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { approvalKeys } from "./keys";

/** The approval queue: `pending` for what awaits a decision, `all` for the history too. */
export const approvalsQuery = (orgId: string, status: ApprovalStatus | "all") =>
  queryOptions({
    queryKey: approvalKeys.list(orgId, status),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/approvals?status=${status}`, {
        signal,
        schema: answer("approvalListSchema"),
      }),
  });
