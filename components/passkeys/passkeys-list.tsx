import { PasskeyRow, type PasskeyRowData } from "./passkey-row";

export function PasskeysList({ passkeys }: { passkeys: PasskeyRowData[] }) {
  if (!passkeys.length) return <p className="text-sm text-muted-foreground">You have no passkeys yet.</p>;
  return (
    <ul className="divide-y divide-border" aria-label="Your passkeys">
      {passkeys.map((passkey) => (
        <PasskeyRow key={passkey.id} passkey={passkey} />
      ))}
    </ul>
  );
}
