"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormMessage } from "@/components/ui/field";
import { PartnerActions, type MoveTarget } from "../partner-actions";

/**
 * The single-partner versions of "Delete Partners" and "Update Partner Group", on the partner's own
 * page: the same dialogs and server actions as the list, for a selection of one. After a deletion
 * the page no longer exists for the vendor, so All partners opens and says what happened.
 */
export function PartnerPageActions({
  partnerKey,
  canDelete,
  groups,
}: {
  partnerKey: string;
  canDelete: boolean;
  groups: MoveTarget[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-2">
      <PartnerActions
        selection={{ kind: "keys", keys: [partnerKey] }}
        selectedCount={1}
        canDelete={canDelete}
        groups={groups}
        onDone={(text, action) => {
          if (action === "delete") router.push("/partners?removed=1");
          else setMessage(text);
        }}
      />
      {message ? <FormMessage tone="success">{message}</FormMessage> : null}
    </div>
  );
}
