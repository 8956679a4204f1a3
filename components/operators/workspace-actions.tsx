import { Input } from "@/components/ui/input";
import { FEATURE_LABELS, FEATURES, LIMIT_LABELS, LIMIT_METRICS, PLAN_IDS, PLANS } from "@/lib/plans";
import { ReasonDialog } from "./reason-dialog";
import { cn } from "@/components/ui/cn";
import { selectClassName } from "@/components/ui/select";

export type WorkspaceActionsProps = { tenantId: string; status: string; deleted: boolean };

// The shared select, at this form's compact height.
const selectClass = cn(selectClassName, "h-9! w-auto! px-2!");

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * The operator's actions on one workspace, each behind a reason-and-confirm dialog. The server
 * decides what is allowed (role, status, deletion); this only hides what cannot apply at all.
 */
export function WorkspaceActions({ tenantId, status, deleted }: WorkspaceActionsProps) {
  if (deleted) {
    return (
      <ReasonDialog action="restore" tenantId={tenantId} label="Restore" title="Restore this workspace" description="It comes back with all its data and the status it had. Its subscriptions were ended when it was deleted." confirmLabel="Restore" />
    );
  }
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {status === "suspended" || status === "cancelled" ? (
        <ReasonDialog action="reactivate" tenantId={tenantId} label="Reactivate" title="Reactivate this workspace" description="Members can use it again at once. Its owners are told by email." confirmLabel="Reactivate" />
      ) : null}
      {status !== "cancelled" ? (
        <ReasonDialog action="suspend" tenantId={tenantId} label="Suspend" title="Suspend this workspace" description="Its hosts show the suspended notice and its API stops until an operator reactivates it. Its owners are told by email." confirmLabel="Suspend" destructive />
      ) : null}
      <ReasonDialog action="extend-trial" tenantId={tenantId} label="Extend trial" title="Extend the trial" description="Adds days to Atrium's own trial (at most 90 days ahead)." confirmLabel="Extend trial">
        <Field id={`${tenantId}-days`} label="Days">
          <Input id={`${tenantId}-days`} name="days" type="number" min={1} max={60} defaultValue={7} required />
        </Field>
      </ReasonDialog>
      <ReasonDialog action="comp-plan" tenantId={tenantId} label="Comp a plan" title="Put on a plan without billing" description="The plan applies at once, with no charge. Not for workspaces that pay through a subscription." confirmLabel="Apply plan">
        <Field id={`${tenantId}-comp-plan`} label="Plan">
          <select id={`${tenantId}-comp-plan`} name="planId" className={selectClass} defaultValue="pro">
            {PLAN_IDS.map((planId) => (
              <option key={planId} value={planId}>
                {PLANS[planId].name}
              </option>
            ))}
          </select>
        </Field>
      </ReasonDialog>
      <ReasonDialog action="change-plan" tenantId={tenantId} label="Change plan (billing)" title="Change the subscription's plan" description="Sent to the billing provider, prorated as an owner's change would be." confirmLabel="Change plan">
        <Field id={`${tenantId}-change-plan`} label="Plan">
          <select id={`${tenantId}-change-plan`} name="planId" className={selectClass} defaultValue="pro">
            {PLAN_IDS.filter((p) => PLANS[p].monthlyCents !== null).map((planId) => (
              <option key={planId} value={planId}>
                {PLANS[planId].name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${tenantId}-interval`} label="Billing">
          <select id={`${tenantId}-interval`} name="interval" className={selectClass} defaultValue="month">
            <option value="month">Monthly</option>
            <option value="year">Yearly</option>
          </select>
        </Field>
      </ReasonDialog>
      <ReasonDialog action="override" tenantId={tenantId} label="Override a feature or limit" title="Override a feature or limit" description="Grant or revoke a feature, or raise a limit, for this workspace only; optionally until a date." confirmLabel="Save override">
        <Field id={`${tenantId}-target`} label="Feature or limit">
          <select id={`${tenantId}-target`} name="target" className={selectClass}>
            {FEATURES.map((f) => (
              <option key={f} value={`feature:${f}`}>
                Feature: {FEATURE_LABELS[f]}
              </option>
            ))}
            {LIMIT_METRICS.map((m) => (
              <option key={m} value={`limit:${m}`}>
                Limit: {LIMIT_LABELS[m]}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${tenantId}-value`} label="Value (on, off, a number, unlimited, or plan to remove the override)">
          <Input id={`${tenantId}-value`} name="value" required maxLength={20} defaultValue="on" />
        </Field>
        <Field id={`${tenantId}-until`} label="Until (optional)">
          <Input id={`${tenantId}-until`} name="expiresAt" type="date" />
        </Field>
      </ReasonDialog>
      {status !== "cancelled" ? (
        <ReasonDialog action="cancel" tenantId={tenantId} label="Cancel workspace" title="Cancel this workspace" description="With a subscription: it ends at the end of the period. Without one: cancelled now. Data is kept." confirmLabel="Cancel workspace" destructive />
      ) : null}
      <ReasonDialog action="delete" tenantId={tenantId} label="Delete workspace" title="Delete this workspace" description="It disappears at once and its subscriptions end; it can be restored during the retention period, then it is purged." confirmLabel="Delete workspace" destructive />
    </div>
  );
}
