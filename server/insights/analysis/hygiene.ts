import { DAY_MS } from "./series";

/**
 * Seat and key hygiene: pure filters over rows the caller loaded, judged at `now`.
 * A member is inactive after INACTIVE_MEMBER_DAYS without a sign-in (one who never signed in
 * counts from when they joined); a live API key is stale after UNUSED_KEY_DAYS without use (one
 * never used counts from its creation), and is flagged when it never expires. Revoked and
 * expired keys are past hygiene: they no longer open anything.
 */
export const INACTIVE_MEMBER_DAYS = 30;
export const UNUSED_KEY_DAYS = 90;

export type MemberActivity = { userId: string; createdAt: Date; lastSignInAt: Date | null };
export type ApiKeyActivity = { id: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null };

export type InactiveMember<T extends MemberActivity> = { member: T; daysInactive: number; neverSignedIn: boolean };
export type KeyFinding<T extends ApiKeyActivity> = { key: T; unused: boolean; daysUnused: number; neverUsed: boolean; noExpiry: boolean };

const daysBetween = (from: Date, now: Date) => Math.floor((now.getTime() - from.getTime()) / DAY_MS);

/** Members with no sign-in for at least `days`, longest inactive first. */
export function inactiveMembers<T extends MemberActivity>(members: readonly T[], now: Date, days = INACTIVE_MEMBER_DAYS): InactiveMember<T>[] {
  return members
    .map((member) => ({ member, daysInactive: daysBetween(member.lastSignInAt ?? member.createdAt, now), neverSignedIn: member.lastSignInAt === null }))
    .filter((m) => m.daysInactive >= days)
    .sort((a, b) => b.daysInactive - a.daysInactive);
}

/** Live keys unused for at least `days` or without an expiry, unused longest first. */
export function apiKeyFindings<T extends ApiKeyActivity>(keys: readonly T[], now: Date, days = UNUSED_KEY_DAYS): KeyFinding<T>[] {
  return keys
    .filter((key) => key.revokedAt === null && (key.expiresAt === null || key.expiresAt > now))
    .map((key) => {
      const daysUnused = daysBetween(key.lastUsedAt ?? key.createdAt, now);
      return { key, unused: daysUnused >= days, daysUnused, neverUsed: key.lastUsedAt === null, noExpiry: key.expiresAt === null };
    })
    .filter((f) => f.unused || f.noExpiry)
    .sort((a, b) => b.daysUnused - a.daysUnused);
}
