import { AddPasskeyForm } from "@/components/passkeys/add-passkey-form";
import { PasskeysList } from "@/components/passkeys/passkeys-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listPasskeys } from "@/server/passkeys/list-passkeys";
import { MAX_PASSKEYS_PER_USER } from "@/server/passkeys/schemas";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const fmt = (date: Date) => `${dateFormat.format(date)} UTC`;

/** The account page's passkeys: list, rename, remove, add. */
export async function PasskeysSection({ userId }: { userId: string }) {
  const passkeys = await listPasskeys(userId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Passkeys</CardTitle>
        <CardDescription>
          Sign in with your fingerprint, face or device PIN instead of your password. A passkey also confirms it is you when you sign in with your password.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <PasskeysList
          passkeys={passkeys.map((p) => ({ id: p.id, name: p.name, created: fmt(p.createdAt), lastUsed: p.lastUsedAt ? fmt(p.lastUsedAt) : null, synced: p.backedUp }))}
        />
        {passkeys.length < MAX_PASSKEYS_PER_USER ? (
          <AddPasskeyForm suggestedName={passkeys.length ? `Passkey ${passkeys.length + 1}` : "My passkey"} />
        ) : (
          <p className="text-sm text-muted-foreground">You have {MAX_PASSKEYS_PER_USER} passkeys, the most an account can have. Remove one to add another.</p>
        )}
      </CardContent>
    </Card>
  );
}
