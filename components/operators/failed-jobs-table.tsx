"use client";

import { useState } from "react";
import { useFormStatus } from "react-dom";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { retryJobAction, type RetryJobResult } from "@/server/jobs/actions";

export type FailedJobRow = { id: string; queue: string; error: string; attempts: number; failedAt: Date | null };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

function RetryButton({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={label}>
      {pending ? "Retrying…" : "Retry"}
    </Button>
  );
}

/**
 * Failed jobs, each with a Retry that needs a reason (recorded in the operator audit log). The
 * outcome is shown above the table: a retried job leaves the list as soon as the page refreshes.
 */
export function FailedJobsTable({ jobs }: { jobs: FailedJobRow[] }) {
  const [outcome, setOutcome] = useState<RetryJobResult>(null);

  async function retry(formData: FormData) {
    setOutcome(null);
    setOutcome(await retryJobAction(null, formData));
  }

  return (
    <div className="space-y-4">
      {outcome && !outcome.ok ? <Alert variant="error">{outcome.error}</Alert> : null}
      {outcome?.ok ? <Alert variant="success">{outcome.message}</Alert> : null}
      {jobs.length === 0 ? (
        <p className="text-sm text-muted-foreground">No failed jobs.</p>
      ) : (
        <Table aria-label="Failed jobs">
          <TableHeader>
            <TableRow>
              <TableHead>Job</TableHead>
              <TableHead>Error</TableHead>
              <TableHead className="text-right">Attempts</TableHead>
              <TableHead>Failed</TableHead>
              <TableHead>Retry</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.map((job) => {
              const name = `${job.queue} job ${job.id.slice(0, 8)}`;
              return (
                <TableRow key={job.id} data-job={job.id}>
                  <TableCell>
                    <p className="font-medium">{job.queue}</p>
                    <p className="font-mono text-xs text-muted-foreground">{job.id}</p>
                  </TableCell>
                  <TableCell className="max-w-sm break-words text-sm">{job.error}</TableCell>
                  <TableCell className="text-right tabular-nums">{job.attempts}</TableCell>
                  <TableCell className="whitespace-nowrap text-xs text-muted-foreground">{job.failedAt ? `${dateFormat.format(job.failedAt)} UTC` : "—"}</TableCell>
                  <TableCell>
                    <form action={retry} className="flex items-center gap-2">
                      <input type="hidden" name="queue" value={job.queue} />
                      <input type="hidden" name="jobId" value={job.id} />
                      <label htmlFor={`reason-${job.id}`} className="sr-only">
                        Reason for retrying {name}
                      </label>
                      <Input id={`reason-${job.id}`} name="reason" placeholder="Reason (audited)" required minLength={3} maxLength={500} className="h-8 min-w-48" />
                      <RetryButton label={`Retry ${name}`} />
                    </form>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
