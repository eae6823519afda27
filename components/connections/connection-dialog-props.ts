import type { Connection } from "@/lib/schemas/connections";

/** What a connection's card gives each dialog it opens about that connection (rotate, delete). */
export interface ConnectionDialogProps {
  connection: Connection;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}
