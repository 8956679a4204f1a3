import Link from "next/link";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Props = {
  filters: { actor?: string; action?: string; from?: string; to?: string; q?: string };
  actions: string[];
  members: { id: string; label: string }[];
  error?: string;
};

const selectClass = "h-10 w-full rounded-md border border-border bg-background px-3 text-sm";

/** A plain GET form: filters live in the URL, so they survive reloads and can be shared. */
export function AuditFilterForm({ filters, actions, members, error }: Props) {
  const t = useTranslations("DashboardAudit");
  return (
    <form method="get" action="/dashboard/audit" className="mb-6 grid gap-3 rounded-md border border-border p-4 sm:grid-cols-2 lg:grid-cols-6" aria-label={t("filterLabel")}>
      {error ? (
        <div className="sm:col-span-2 lg:col-span-6">
          <Alert variant="warning">{t("filtersIgnored", { error })}</Alert>
        </div>
      ) : null}
      <div className="space-y-1.5 lg:col-span-2">
        <Label htmlFor="audit-q">{t("search")}</Label>
        <Input id="audit-q" name="q" defaultValue={filters.q} placeholder={t("searchPlaceholder")} maxLength={100} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="audit-actor">{t("who")}</Label>
        <select id="audit-actor" name="actor" defaultValue={filters.actor ?? ""} className={selectClass}>
          <option value="">{t("anyone")}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="audit-action">{t("action")}</Label>
        <select id="audit-action" name="action" defaultValue={filters.action ?? ""} className={selectClass}>
          <option value="">{t("anyAction")}</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="audit-from">{t("from")}</Label>
        <Input id="audit-from" name="from" type="date" defaultValue={filters.from} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="audit-to">{t("to")}</Label>
        <Input id="audit-to" name="to" type="date" defaultValue={filters.to} />
      </div>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
        <Button type="submit" size="sm">
          {t("apply")}
        </Button>
        <Link href="/dashboard/audit" className={buttonClassName({ variant: "ghost", size: "sm" })}>
          {t("clear")}
        </Link>
      </div>
    </form>
  );
}
