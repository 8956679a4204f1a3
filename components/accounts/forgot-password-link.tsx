import Link from "next/link";
import { useTranslations } from "next-intl";

/** Under the password field. On a workspace host it points at the apex, where recovery lives. */
export function ForgotPasswordLink({ href = "/forgot-password" }: { href?: string }) {
  const t = useTranslations("AuthSignIn");
  return (
    <p className="text-right text-sm">
      <Link href={href} className="text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
        {t("forgotPassword")}
      </Link>
    </p>
  );
}
