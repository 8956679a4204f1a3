import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { FailedJobsTable } from "@/components/operators/failed-jobs-table";
import { listJobOverview } from "@/server/jobs/list-job-overview";
import { consoleOperator } from "../console-operator";
import { ConsolePageHeader } from "../console-page-header";

export const metadata: Metadata = { title: "Atrium" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const when = (d: Date | null) => (d ? `${dateFormat.format(d)} UTC` : "—");

/** Operators: the background job queues, their failures, and a Retry for each failed job. */
export default async function OperatorJobsPage() {
  if (!(await consoleOperator())) return null;
  const { queues, failed } = await listJobOverview();
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-10">
      <ConsolePageHeader
        title="Background jobs"
        description="One queue per kind of work. A failing job is retried with growing delays; once its retries are spent it is listed below until you retry it (kept 7 days)."
      />

      <Card>
        <CardHeader>
          <CardTitle>Queues</CardTitle>
          <CardDescription>Schedules are in UTC. Completed counts the last 24 hours.</CardDescription>
        </CardHeader>
        <CardContent>
          <Table aria-label="Queues" scrollRegionLabel="Queues, scrolls sideways">
            <TableHeader>
              <TableRow>
                <TableHead>Queue</TableHead>
                <TableHead>Schedule</TableHead>
                <TableHead className="text-right">Queued</TableHead>
                <TableHead className="text-right">Running</TableHead>
                <TableHead className="text-right">Failed</TableHead>
                <TableHead className="text-right">Completed</TableHead>
                <TableHead>Last completed</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {queues.map((q) => (
                <TableRow key={q.queue} data-queue={q.queue}>
                  <TableCell>
                    <p className="font-medium">{q.queue}</p>
                    <p className="max-w-md text-xs text-muted-foreground">{q.description}</p>
                  </TableCell>
                  <TableCell className="whitespace-nowrap font-mono text-xs">{q.cron ?? "on demand"}</TableCell>
                  <TableCell className="text-right tabular-nums">{q.queued}</TableCell>
                  <TableCell className="text-right tabular-nums">{q.active}</TableCell>
                  <TableCell className="text-right tabular-nums">{q.failed ? <Badge variant="destructive">{q.failed}</Badge> : 0}</TableCell>
                  <TableCell className="text-right tabular-nums">{q.completedRecently}</TableCell>
                  <TableCell className="whitespace-nowrap text-xs text-muted-foreground">{when(q.lastCompletedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Failed jobs</CardTitle>
          <CardDescription>Retrying sends a job back to its queue for one more attempt. Give a reason: it is recorded in the operator audit log (and in the workspace&apos;s log when the job was about one).</CardDescription>
        </CardHeader>
        <CardContent>
          <FailedJobsTable jobs={failed.map(({ id, queue, error, attempts, failedAt }) => ({ id, queue, error, attempts, failedAt }))} />
        </CardContent>
      </Card>
    </main>
  );
}
