import type { DnsResolver } from "./dns-resolver";

export const TXT_PREFIX = "_atrium-challenge";

export function verificationRecord(hostname: string, token: string) {
  return { name: `${TXT_PREFIX}.${hostname}`, value: `atrium-verification=${token}` };
}

/** `unreachable`: DNS itself could not be asked; says nothing about the records. */
export type DnsCheck = { ok: boolean; txt: boolean; cname: boolean; problems: string[]; unreachable?: boolean };

const bare = (name: string) => name.toLowerCase().replace(/\.$/, "");

/**
 * A value from DNS as the owner is shown it (and as it is stored, in the domain's last problem
 * and the audit log): whoever controls the zone chooses its bytes, and PostgreSQL stores no NUL
 * (a record holding one made "Verify" a 500 and stopped the re-check from ever disabling it).
 * Control characters become "?", broken UTF-16 is repaired, and it is cut at 100 characters.
 */
export function shownDnsValue(value: string): string {
  const clean = value.toWellFormed().replace(/\p{Cc}/gu, "?");
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}

/** Whether one of the CNAME answers is the platform's target (case and trailing dot ignored). */
export function pointsAt(cnames: string[], target: string): boolean {
  return cnames.some((c) => bare(c) === bare(target));
}

/** Looks up both records and says, in words for the owner, exactly what is missing or wrong. */
export async function checkDomainDns(options: { hostname: string; token: string; target: string; resolver: DnsResolver }): Promise<DnsCheck> {
  const { hostname, token, target, resolver } = options;
  const record = verificationRecord(hostname, token);
  const problems: string[] = [];
  let txtValues: string[];
  let cnames: string[];
  try {
    [txtValues, cnames] = await Promise.all([resolver.txt(record.name), resolver.cname(hostname)]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an error";
    return { ok: false, txt: false, cname: false, problems: [`DNS could not be reached (${code}). Try again in a minute.`], unreachable: true };
  }
  const txt = txtValues.some((v) => v.trim() === record.value);
  if (!txt) {
    problems.push(
      txtValues.length
        ? `The TXT record ${record.name} exists but does not contain ${record.value} (found: ${txtValues.slice(0, 3).map(shownDnsValue).join(", ")}).`
        : `No TXT record found at ${record.name}. Add one with the value ${record.value}.`,
    );
  }
  const cname = pointsAt(cnames, target);
  if (!cname) {
    problems.push(
      cnames.length
        ? `${hostname} points to ${cnames.slice(0, 3).map((c) => shownDnsValue(bare(c))).join(", ")} instead of ${target}. Change the CNAME record to ${target}.`
        : `No CNAME record found for ${hostname}. Add a CNAME pointing to ${target}.`,
    );
  }
  return { ok: txt && cname, txt, cname, problems };
}
