import type { Metadata } from "next";
import { StatusPage } from "@/components/marketing/status-page";

export const metadata: Metadata = { title: "Workspace suspended" };

export default function TenantSuspended() {
  return (
    <StatusPage code="Suspended" title="This workspace is suspended">
      <p>Access is paused, usually because the trial ended, a payment did not go through, or the subscription ended. No data has been deleted.</p>
      <p className="mt-6">
        <a href="/dashboard/billing" className="font-medium text-primary underline underline-offset-4">
          Owners: restore access in Billing
        </a>
      </p>
    </StatusPage>
  );
}
