import Form from "next/form";
import Link from "next/link";
import { buttonClassName, Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SEARCH_MAX, SORT_LABELS, WORKSPACE_SORTS, type WorkspaceListQuery } from "@/lib/operator-workspace-query";
import { PLAN_IDS, PLANS } from "@/lib/plans";
import { WORKSPACE_STATUSES } from "@/lib/workspace-policy";

const STATUS_LABELS: Record<(typeof WORKSPACE_STATUSES)[number], string> = {
  trialing: "Trialing",
  active: "Active",
  past_due: "Past due",
  suspended: "Suspended",
  cancelled: "Cancelled",
};

const checkbox = "size-4 rounded border-border accent-primary focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";
const select = "h-10 w-full rounded-md border border-border bg-background px-3 text-base sm:text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

/**
 * The list's search and filters: a plain GET form (the address is the state, so a filtered list
 * can be bookmarked, shared and reloaded; it works without JavaScript). next/form navigates on
 * the client when it can, showing the console's loading state meanwhile.
 */
export function WorkspaceFilters({ query }: { query: WorkspaceListQuery | null }) {
  const statuses = new Set(query?.statuses ?? []);
  const plans = new Set(query?.plans ?? []);
  return (
    <Form action="/" className="space-y-4 rounded-md border border-border p-4" aria-label="Search and filter workspaces">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1 space-y-1">
          <Label htmlFor="workspace-search">Search</Label>
          <Input
            id="workspace-search"
            name="q"
            type="search"
            maxLength={SEARCH_MAX}
            defaultValue={query?.q ?? ""}
            placeholder="Name, slug, owner email, custom domain or Stripe customer id"
            autoComplete="off"
          />
        </div>
        <Button type="submit">Search</Button>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Status</legend>
          {WORKSPACE_STATUSES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="status" value={s} defaultChecked={statuses.has(s)} className={checkbox} />
              {STATUS_LABELS[s]}
            </label>
          ))}
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Plan</legend>
          {PLAN_IDS.map((p) => (
            <label key={p} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="plan" value={p} defaultChecked={plans.has(p)} className={checkbox} />
              {PLANS[p].name}
            </label>
          ))}
        </fieldset>
        <div className="space-y-3">
          <div className="space-y-1">
            <Label htmlFor="workspace-trial">Trial ending within (days)</Label>
            <Input id="workspace-trial" name="trial" type="number" inputMode="numeric" min={0} max={365} defaultValue={query?.trialEndingDays ?? ""} />
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="pastDue" value="1" defaultChecked={query?.pastDue} className={checkbox} />
            Past due
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="overQuota" value="1" defaultChecked={query?.overQuota} className={checkbox} />
            Over a quota (usage units, 30 days)
          </label>
        </div>
        <div className="space-y-3">
          <div className="grid grid-cols-2 gap-2">
            <div className="space-y-1">
              <Label htmlFor="workspace-from">Created from</Label>
              <Input id="workspace-from" name="from" type="date" defaultValue={query?.createdFrom ?? ""} />
            </div>
            <div className="space-y-1">
              <Label htmlFor="workspace-to">Created until</Label>
              <Input id="workspace-to" name="to" type="date" defaultValue={query?.createdTo ?? ""} />
            </div>
          </div>
          <div className="grid grid-cols-2 gap-2">
            <div className="space-y-1">
              <Label htmlFor="workspace-sort">Sort by</Label>
              <select id="workspace-sort" name="sort" defaultValue={query?.sort ?? "created"} className={select}>
                {WORKSPACE_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1">
              <Label htmlFor="workspace-dir">Order</Label>
              <select id="workspace-dir" name="dir" defaultValue={query?.dir ?? "desc"} className={select}>
                <option value="desc">High to low</option>
                <option value="asc">Low to high</option>
              </select>
            </div>
          </div>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="secondary" size="sm">
          Apply filters
        </Button>
        <Link href="/" className={buttonClassName({ variant: "ghost", size: "sm" })}>
          Clear all
        </Link>
      </div>
    </Form>
  );
}
