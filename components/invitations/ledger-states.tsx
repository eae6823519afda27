import type { LedgerTab } from "@/lib/schemas/ledger";
import { StatePanel } from "@/components/ui/state-panel";

const EMPTY: Record<Exclude<LedgerTab, "pending">, { title: string; text: string }> = {
  expired: {
    title: "No expired invitations",
    text: "Invitations that were not accepted within 30 days show here, ready to be re-invited.",
  },
  rejected: {
    title: "No rejected invitations",
    text: "When someone declines an invitation it shows here; you can re-invite them if it was a mistake.",
  },
  accepted: {
    title: "Nobody accepted an invitation in the last 30 days",
    text: "People who accept join the organization and show here for 30 days; their history stays on their timeline.",
  },
  cancelled: {
    title: "No cancelled invitations",
    text: "Invitations cancelled through this console or in Atlas show here, ready to be re-invited.",
  },
};

/** The empty state of a ledger tab: what would show there, and why it might be empty. */
export function LedgerEmpty({ tab }: { tab: Exclude<LedgerTab, "pending"> }) {
  const e = EMPTY[tab];
  return (
    <div className="flex min-h-64 flex-1 items-center justify-center rounded-lg border border-line bg-surface">
      <StatePanel role="status" title={e.title}>
        {e.text} The console learns of changes in Atlas when it syncs: at start-up, every few minutes, as soon
        as the pending list shows one, and with Sync now beside the tabs.
      </StatePanel>
    </div>
  );
}
