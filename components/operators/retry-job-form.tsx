"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { retryJobAction } from "@/server/jobs/actions";

/** One failed job's Retry: a reason (recorded in the operator audit log) and the button. */
export function RetryJobForm({ queue, jobId }: { queue: string; jobId: string }) {
  const [result, action, pending] = useActionState(retryJobAction, null);
  const reasonId = `reason-${jobId}`;
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="queue" value={queue} />
      <input type="hidden" name="jobId" value={jobId} />
      <div className="flex items-center gap-2">
        <label htmlFor={reasonId} className="sr-only">
          Reason for retrying {queue} job {jobId.slice(0, 8)}
        </label>
        <Input id={reasonId} name="reason" placeholder="Reason (audited)" required minLength={3} maxLength={500} className="h-8 min-w-48" />
        <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={`Retry ${queue} job ${jobId.slice(0, 8)}`}>
          {pending ? "Retrying…" : "Retry"}
        </Button>
      </div>
      {result && !result.ok ? <Alert variant="error">{result.error}</Alert> : null}
      {result?.ok ? <Alert variant="success">{result.message}</Alert> : null}
    </form>
  );
}
