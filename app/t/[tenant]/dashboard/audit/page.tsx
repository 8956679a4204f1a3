import type { Metadata } from "next";
import { useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { describeAuditEvent } from "@/components/audit/describe-event";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { ZAuditFilters } from "@/server/audit/audit-filters";
import { listAuditActions, ZAuditCursor } from "@/server/audit/audit-keyset";
import { AUDIT_COUNT_CAP } from "@/server/audit/list-audit-events";
import { readSearchCountParam, searchCountParam } from "@/server/audit/search-count-link";
import { withTenant } from "@/server/db/with-tenant";
import { serverCaller } from "@/server/trpc/server";
import { pageReads, requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { parseUserAgent } from "@/lib/user-agent";
import { isTimeZone, timeFormat, timeZoneLabel, DEFAULT_TIME_ZONE } from "@/lib/time-zone";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { loadServerTextCatalogue, translateServerText } from "@/lib/i18n/server-text";
import { env } from "@/server/env";
import { isAppError, type AppError } from "@/server/errors";
import { originFor } from "@/server/hosts/parse-host";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("DashboardAudit");
  return { title: t("title") };
}

/** What was typed, shown again beside the reason it was ignored (so nothing has to be typed twice). */
function typedFilters(query: Record<string, string | string[] | undefined>) {
  const one = (value: string | string[] | undefined) => (typeof value === "string" ? value.slice(0, 100) : undefined);
  return { actor: one(query.actor), action: one(query.action), from: one(query.from), to: one(query.to), q: one(query.q) };
}

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function AuditLogPage({ params, searchParams }: Props) {
  const { tenant, usage, denied, timeZone } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "audit:read" });
  const [t, d, locale] = await Promise.all([getTranslations("DashboardAudit"), getTranslations("Dashboard"), getLocale()]);
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("denied")}</NoAccess>;
  const query = await searchParams;
  // Days are the viewer's, as the times on the page are (the zone travels with the export link too).
  // (A saved zone this runtime does not know counts as UTC, as the times shown do.)
  const zone = isTimeZone(timeZone) ? timeZone : undefined;
  const parsed = ZAuditFilters.safeParse({ actor: query.actor, action: query.action, from: query.from, to: query.to, q: query.q, tz: zone });
  const filters = parsed.success ? parsed.data : { tz: zone };
  // Older / Newer links carry a keyset cursor; a mangled one falls back to the newest page.
  const cursorParam = query.before !== undefined ? "before" : query.after !== undefined ? "after" : null;
  const cursor = cursorParam ? ZAuditCursor.safeParse(query[cursorParam]) : null;
  const before = cursorParam === "before" && cursor?.success ? query.before : undefined;
  const after = cursorParam === "after" && cursor?.success ? query.after : undefined;
  // A search's page links carry the count its newest page took (`n`, signed), so paging never counts again.
  const carried = (before || after) && filters.q ? readSearchCountParam(tenant.id, filters, query.n) : undefined;
  const searchTotal = carried === undefined ? undefined : Math.min(carried, AUDIT_COUNT_CAP + 1);
  const caller = await serverCaller();
  // One transaction for the page's reads; the plan's features come with the frame's snapshot.
  const [{ log, refused }, members] = await pageReads(tenant.id, () =>
    Promise.all([
      caller.audit.list({ pageSize: 25, filters, before, after, searchTotal }).then(
        (log) => ({ log, refused: null }),
        async (error: unknown) => {
          // A text search that took too long, or found every search place taken: say so above an
          // empty table, with the form as typed and its action list (one index probe per action).
          const refusal = searchRefusal(error);
          if (!refusal) throw error;
          const actions = await withTenant(tenant.id, (tx) => listAuditActions(tx, tenant.id));
          return { log: { items: [], total: 0, totalCapped: false, newer: null, older: null, actions }, refused: refusal.message };
        },
      ),
      caller.member.list(),
    ]),
  );
  const catalogue = refused || !parsed.success ? await loadServerTextCatalogue(locale) : null;
  // The zone is not a filter anyone chose: the page's links leave it out; the export needs it.
  const { tz, ...chosen } = filters;
  const filterQuery = new URLSearchParams(Object.entries(chosen).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const exportQuery = new URLSearchParams([...filterQuery, ...(tz ? [["tz", tz]] : [])]);
  const pageHref = (param?: "before" | "after", value?: string) =>
    `/dashboard/audit?${new URLSearchParams([...filterQuery, ...(param && value ? [[param, value], ...(filters.q ? [["n", searchCountParam(tenant.id, filters, log.total)]] : [])] : [])])}`;
  const paged = !!(before || after);
  const count = log.totalCapped ? t("countCapped", { count: (log.total - 1).toLocaleString(INTL_LOCALE[locale]) }) : t("count", { count: log.total });
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t.rich("description", {
          zone: timeZoneLabel(timeZone ?? DEFAULT_TIME_ZONE),
          link: (chunks) => (
            <a href={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account#preferences`} className="underline underline-offset-4">
              {chunks}
            </a>
          ),
        })}
        actions={
          usage?.features.auditLogExport ? (
            <a href={`/dashboard/audit/export?${exportQuery}`} className={buttonClassName({ variant: "outline", size: "sm" })} download>
              {t("exportCsv")}
            </a>
          ) : (
            <span className="text-sm text-muted-foreground">
              {t("exportUpsell")}{" "}
              <Link href="/dashboard/billing" className="underline">
                {t("upgrade")}
              </Link>
            </span>
          )
        }
      />
      {refused ? (
        <div className="mb-4">
          <Alert variant="warning">{translateServerText(refused, catalogue!)}</Alert>
        </div>
      ) : null}
      {cursor && !cursor.success ? (
        <div className="mb-4">
          <Alert variant="warning">{t("badCursor")}</Alert>
        </div>
      ) : null}
      <AuditFilterForm filters={parsed.success ? filters : typedFilters(query)} actions={log.actions} members={members.map((m) => ({ id: m.userId, label: m.name }))} error={parsed.success ? undefined : translateServerText(parsed.error.issues[0]?.message ?? "", catalogue!)} />
      {refused ? null : log.items.length === 0 ? (
        <EmptyState
          headingLevel={2}
          title={paged ? t("noMore") : filterQuery.size ? t("noMatch") : t("nothingYet")}
          description={paged ? t("noMoreBody") : filterQuery.size ? t("noMatchBody") : t("nothingYetBody")}
          action={
            paged ? (
              <Link href={pageHref()} className={buttonClassName({ variant: "outline", size: "sm" })}>
                {t("newest")}
              </Link>
            ) : undefined
          }
        />
      ) : (
        <Table stackOnPhone>
          <TableHeader>
            <TableRow>
              <TableHead>{t("when")}</TableHead>
              <TableHead>{t("who")}</TableHead>
              <TableHead>{t("what")}</TableHead>
              <TableHead>{t("source")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {log.items.map((e) => (
              <TableRow key={e.id}>
                <TableCell label={t("when")} className="text-muted-foreground sm:whitespace-nowrap">
                  <time dateTime={e.createdAt.toISOString()}>{timeFormat("dateTime", timeZone, locale).format(e.createdAt)}</time>
                </TableCell>
                <TableCell label={t("who")}>{e.metadata.by === "platform support" ? d("platformSupport") : (e.actorName ?? <span className="text-muted-foreground">{d("system")}</span>)}</TableCell>
                <TableCell label={t("what")}>
                  <span className="block">{describeAuditEvent(e.action, e.metadata, locale)}</span>
                  <code className="text-xs text-muted-foreground">{e.action}</code>
                </TableCell>
                <TableCell label={t("source")} className="max-w-56 text-sm text-muted-foreground">
                  <AuditSource ip={e.ip} userAgent={e.userAgent} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {refused ? null : (
        <nav aria-label={t("pagesLabel")} className="mt-4 flex items-center justify-between text-sm">
          <span className="text-muted-foreground">{count}</span>
          <div className="flex gap-2">
            {log.newer ? (
              <Link href={pageHref("after", log.newer)} className={buttonClassName({ variant: "outline", size: "sm" })}>
                {t("newer")}
              </Link>
            ) : null}
            {log.older ? (
              <Link href={pageHref("before", log.older)} className={buttonClassName({ variant: "outline", size: "sm" })}>
                {t("older")}
              </Link>
            ) : null}
          </div>
        </nav>
      )}
    </>
  );
}

/** The refusal of a text search (too slow, or too many at once) behind a procedure's error, if that is what it is. */
function searchRefusal(error: unknown): AppError | null {
  const appError = isAppError(error) ? error : error instanceof Error && isAppError(error.cause) ? error.cause : null;
  return appError?.reason === "search_too_slow" || appError?.reason === "search_busy" ? appError : null;
}

/** Where a change came from, readable: the browser and system (the full user agent on hover) and the address. */
function AuditSource({ ip, userAgent }: { ip: string | null; userAgent: string | null }) {
  const t = useTranslations("DashboardAudit");
  if (!ip && !userAgent) return <span>—</span>;
  const device = userAgent ? parseUserAgent(userAgent) : null;
  const known = device && (device.browser !== "Unknown browser" || device.os !== "Unknown system");
  return (
    <>
      {userAgent ? (
        <span className="block" title={userAgent}>
          {known
            ? t("browserOn", {
                browser: device.browser === "Unknown browser" ? t("unknownBrowser") : device.browser,
                os: device.os === "Unknown system" ? t("unknownSystem") : device.os,
              })
            : userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent}
        </span>
      ) : null}
      {ip ? <span className="block font-mono text-xs tabular-nums">{ip}</span> : null}
    </>
  );
}
