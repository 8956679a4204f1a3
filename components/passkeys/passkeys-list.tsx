import { useTranslations } from "next-intl";
import { PasskeyRow, type PasskeyRowData } from "./passkey-row";

export function PasskeysList({ passkeys }: { passkeys: PasskeyRowData[] }) {
  const t = useTranslations("AccountPasskeys");
  if (!passkeys.length) return <p className="text-sm text-muted-foreground">{t("none")}</p>;
  return (
    <ul className="divide-y divide-border" aria-label={t("listLabel")}>
      {passkeys.map((passkey) => (
        <PasskeyRow key={passkey.id} passkey={passkey} />
      ))}
    </ul>
  );
}
