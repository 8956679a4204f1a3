import { StatusPage } from "@/components/marketing/status-page";
import { Button } from "@/components/ui";
import { signOutAction } from "@/server/auth/actions";
import { getSessionUser } from "@/server/auth/current-user";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

export default async function NotFound() {
  const user = await getSessionUser();
  const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  return (
    <StatusPage code="404" title="Not found">
      <p>This page does not exist, or you do not have access to it.</p>
      <div className="mt-6 flex flex-wrap items-center justify-center gap-3">
        <a href={`${apex}/workspaces`} className="font-medium text-primary underline underline-offset-4">
          Your workspaces
        </a>
        {user ? (
          <form action={signOutAction}>
            <Button type="submit" variant="outline" size="sm">
              Sign out ({user.email})
            </Button>
          </form>
        ) : null}
      </div>
    </StatusPage>
  );
}
