import { Section } from "@/components/account/section";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import type { ProvisioningOverview } from "@/lib/schemas/provisioning";
import { requestStatusTone } from "./provisioning-model";

type Request = ProvisioningOverview["recentRequests"][number];

/** The latest SCIM requests of the org and what each did: a table from `md` up, a list on phones. */
export function RequestsSection({ requests }: { requests: Request[] }) {
  return (
    <Section
      id="provisioning-requests"
      title="Recent SCIM requests"
      description="The last 50 requests your identity provider sent for this org, newest first."
    >
      {requests.length === 0 ? (
        <p className="text-sm text-muted">
          No request yet. Once your identity provider is connected, its requests appear here.
        </p>
      ) : (
        <>
          <table className="hidden w-full table-fixed text-sm md:table">
            <caption className="sr-only">Recent SCIM requests</caption>
            <thead className="text-left text-xs text-muted">
              <tr>
                <th scope="col" className="w-36 py-1.5 pr-3 font-medium">
                  Time
                </th>
                <th scope="col" className="w-28 py-1.5 pr-3 font-medium">
                  Token
                </th>
                <th scope="col" className="py-1.5 pr-3 font-medium">
                  Request
                </th>
                <th scope="col" className="w-16 py-1.5 pr-3 font-medium">
                  Status
                </th>
                <th scope="col" className="py-1.5 font-medium">
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {requests.map((r, i) => (
                <tr key={`${r.at}-${i}`} className="align-top">
                  <td className="py-2 pr-3">
                    <DateTime value={r.at} mode="relative" past />
                  </td>
                  <td className="py-2 pr-3 break-words">{r.tokenName ?? "—"}</td>
                  <td className="py-2 pr-3 font-mono text-xs break-all">
                    {r.method} {r.path}
                  </td>
                  <td className="py-2 pr-3">
                    <Badge tone={requestStatusTone(r.status)}>{r.status}</Badge>
                  </td>
                  <td className="py-2 break-words text-muted">
                    {r.outcome ?? "—"} <span className="text-xs whitespace-nowrap">({r.ms} ms)</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul aria-label="Recent SCIM requests" className="divide-y divide-line md:hidden">
            {requests.map((r, i) => (
              <li key={`${r.at}-${i}`} className="min-w-0 py-2.5 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={requestStatusTone(r.status)}>{r.status}</Badge>
                  <span className="min-w-0 font-mono text-xs break-all">
                    {r.method} {r.path}
                  </span>
                </div>
                {r.outcome ? <p className="mt-0.5 break-words text-muted">{r.outcome}</p> : null}
                <p className="mt-0.5 text-xs text-muted">
                  <DateTime value={r.at} mode="relative" past /> · {r.tokenName ?? "no token"} · {r.ms} ms
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
