import { getLocale, getTranslations } from "next-intl/server";
import { AddPasskeyForm } from "@/components/passkeys/add-passkey-form";
import { PasskeysList } from "@/components/passkeys/passkeys-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listPasskeys } from "@/server/passkeys/list-passkeys";
import { MAX_PASSKEYS_PER_USER } from "@/server/passkeys/schemas";
import { formatInZone } from "@/lib/time-zone";

/** The account page's passkeys: list, rename, remove, add. */
export async function PasskeysSection({ userId }: { userId: string }) {
  const [passkeys, t, locale] = await Promise.all([listPasskeys(userId), getTranslations("AccountPasskeys"), getLocale()]);
  // In UTC, marked so (as before the person's zone existed).
  const fmt = (date: Date) => formatInZone(date, "dateTimeShort", "UTC", locale);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <PasskeysList
          passkeys={passkeys.map((p) => ({ id: p.id, name: p.name, created: fmt(p.createdAt), lastUsed: p.lastUsedAt ? fmt(p.lastUsedAt) : null, synced: p.backedUp }))}
        />
        {passkeys.length < MAX_PASSKEYS_PER_USER ? (
          <AddPasskeyForm suggestedName={passkeys.length ? t("suggestedName", { number: passkeys.length + 1 }) : t("firstName")} />
        ) : (
          <p className="text-sm text-muted-foreground">{t("atMost", { max: MAX_PASSKEYS_PER_USER })}</p>
        )}
      </CardContent>
    </Card>
  );
}
