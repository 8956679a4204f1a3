import type { Metadata } from "next";
import { StatusPage } from "@/components/marketing/status-page";

export const metadata: Metadata = { title: "Workspace suspended" };

export default function TenantSuspended() {
  return (
    <StatusPage code="Suspended" title="This workspace is suspended">
      <p>Access is paused, usually because the trial ended or a payment did not go through. The workspace owner can contact support to restore it; no data has been deleted.</p>
    </StatusPage>
  );
}
