import { NotFoundSignOut } from "@/components/auth/not-found-sign-out";
import { StatusPage } from "@/components/marketing/status-page";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

// Next renders this into every route's payload (it is the root's not-found boundary), so it must
// not read cookies or headers: that would make every page, the prerendered marketing pages
// included, dynamic. The signed-in part is asked for on the client.
export default function NotFound() {
  const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  return (
    <StatusPage code="404" title="Not found">
      <p>This page does not exist, or you do not have access to it.</p>
      <div className="mt-6 flex flex-wrap items-center justify-center gap-3">
        <a href={`${apex}/workspaces`} className="font-medium text-primary underline underline-offset-4">
          Your workspaces
        </a>
        <NotFoundSignOut />
      </div>
    </StatusPage>
  );
}
