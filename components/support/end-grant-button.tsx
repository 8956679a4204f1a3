"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { endSupportAccessAction, type SupportActionResult } from "@/server/support/actions";

/** Ends one live support access from the console (its session on the workspace ends with it). */
export function EndGrantButton({ tenantId, grantId }: { tenantId: string; grantId: string }) {
  const [state, submit, pending] = useActionState<SupportActionResult, FormData>(endSupportAccessAction, null);
  return (
    <form action={submit} className="flex flex-col items-start gap-1">
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="grantId" value={grantId} />
      <Button type="submit" variant="outline" size="sm" loading={pending}>
        End now
      </Button>
      {state ? (
        <p role="status" className="text-xs text-muted-foreground">
          {state.ok ? state.message : state.error}
        </p>
      ) : null}
    </form>
  );
}
