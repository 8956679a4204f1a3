import type { Metadata } from "next";
import { connection } from "next/server";
import { StatusPage } from "@/components/marketing/status-page";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

export const metadata: Metadata = { title: "Workspace not found" };

export default async function TenantNotFound() {
  await connection();
  const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  return (
    <StatusPage code="404" title="No workspace at this address">
      <p>Check the address for typos. If you expected a workspace here, it may have been renamed or removed.</p>
      <p className="mt-6">
        <a href={apex} className="font-medium text-primary underline underline-offset-4">
          Go to Atrium
        </a>
      </p>
    </StatusPage>
  );
}
