import Link from "next/link";
import { cookies, headers } from "next/headers";
import { AuthCard } from "@/components/auth/auth-card";
import { TwoFactorStep } from "@/components/auth/two-factor-step";
import { pendingSignInCookieName } from "@/server/auth/second-factor";
import { requestHost } from "@/server/http/request-meta";
import { findPendingSignIn } from "@/server/two-factor/pending-sign-in";

/** The step between password and session, on the apex and on workspace hosts alike. */
export async function SecondFactorPage({ title = "Two-factor authentication" }: { title?: string }) {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const token = jar.get(pendingSignInCookieName())?.value ?? "";
  const pending = token ? await findPendingSignIn(token, requestHost(requestHeaders)) : null;
  const signInHref = pending ? `/sign-in?next=${encodeURIComponent(pending.next)}` : "/sign-in";
  return (
    <AuthCard title={title} description={pending ? "Your password was right. One more step." : undefined}>
      {pending ? (
        <TwoFactorStep signInHref={signInHref} />
      ) : (
        <div className="space-y-4 text-sm">
          <p>This sign-in has expired or was already finished. Sign-ins wait 10 minutes for the second step.</p>
          <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
            Sign in again
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
