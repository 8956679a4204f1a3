import "server-only";
import { and, desc, eq, gte, inArray } from "drizzle-orm";
import { listWorkspacesForInsightDigest } from "../../db/cross-tenant-insights";
import type { Transaction } from "../../db/client";
import { insightReports, memberships, notificationPreferences, tenants, users } from "../../db/schema";
import { withTenant } from "../../db/with-tenant";
import { enqueueEmails } from "../../email/enqueue-email";
import { emailsPerLocale } from "../../email/emails-per-locale";
import { env } from "../../env";
import { originFor } from "../../hosts/parse-host";
import { logger } from "../../logger";
import { reviveFacts } from "../insight-reports";
import { isoWeek, topInsights } from "./top-insights";

/** A workspace gets a digest when an analysis finished this recently (the nightly job makes them daily). */
export const DIGEST_REPORT_MAX_AGE_MS = 8 * 86_400_000;
const PAGE = 500;

export type DigestRun = { workspaces: number; emails: number; failed: number };

/**
 * The weekly insights digest: for every live workspace with an analysis finished in the last eight
 * days, each owner who has not turned off "Weekly insights" gets the top insights of the newest one
 * and a link to the Insights page. Keyed per workspace, ISO week and person, so a re-run (a retry,
 * a second instance) sends nothing twice. A workspace that fails is logged and counted; the others go on.
 */
export async function sendInsightDigests({ now = new Date() }: { now?: Date } = {}): Promise<DigestRun> {
  const since = new Date(now.getTime() - DIGEST_REPORT_MAX_AGE_MS);
  const week = isoWeek(now);
  const run: DigestRun = { workspaces: 0, emails: 0, failed: 0 };
  let after: string | null = null;
  for (;;) {
    const page: string[] = await listWorkspacesForInsightDigest(since, after, PAGE);
    for (const tenantId of page) {
      run.workspaces++;
      try {
        run.emails += await withTenant(tenantId, (tx) => digestWorkspace(tx, tenantId, since, week));
      } catch (error) {
        run.failed++;
        logger.error("insights digest for this workspace failed", { tenantId, error });
      }
    }
    if (page.length < PAGE) return run;
    after = page[page.length - 1]!;
  }
}

async function digestWorkspace(tx: Transaction, tenantId: string, since: Date, week: string): Promise<number> {
  const [workspace] = await tx.select({ name: tenants.name, slug: tenants.slug, deletedAt: tenants.deletedAt }).from(tenants).where(eq(tenants.id, tenantId));
  if (!workspace || workspace.deletedAt) return 0;
  const [report] = await tx
    .select({ facts: insightReports.facts })
    .from(insightReports)
    .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.status, "done"), gte(insightReports.finishedAt, since)))
    .orderBy(desc(insightReports.createdAt))
    .limit(1);
  if (!report?.facts) return 0;
  const facts = reviveFacts(report.facts);
  // Nothing worth an email this week (asked of the English: every language states the same findings).
  if (!topInsights(facts).length) return 0;

  const owners = await tx
    .select({ userId: memberships.userId, email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")));
  if (!owners.length) return 0;
  const optedOut = new Set(
    (
      await tx
        .select({ userId: notificationPreferences.userId })
        .from(notificationPreferences)
        .where(and(inArray(notificationPreferences.userId, owners.map((o) => o.userId)), eq(notificationPreferences.category, "insights"), eq(notificationPreferences.email, false)))
    ).map((r) => r.userId),
  );
  const page = `${originFor({ kind: "tenant", slug: workspace.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/dashboard/insights`;
  const account = `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account`;
  const workspaceName = workspace.name;
  const emails = emailsPerLocale(
    owners.filter((o) => !optedOut.has(o.userId)),
    (t, locale) => ({
      subject: t("digest.subject", { workspace: workspaceName }).slice(0, 200),
      text: [
        t("digest.intro", { workspace: workspaceName }),
        "",
        ...topInsights(facts, locale).map((insight) => `- ${insight}`),
        "",
        t("digest.seeAll", { link: page }),
        "",
        t("digest.why", { workspace: workspaceName, account }),
      ].join("\n"),
    }),
    (_to, owner) => `insights-digest:${tenantId}:${week}:${owner.userId}`,
  );
  return enqueueEmails(tx, emails);
}
