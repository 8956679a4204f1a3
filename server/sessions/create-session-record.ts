import { randomUUID } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { parseUserAgent } from "../../lib/user-agent";
import { getDb } from "../db/client";
import { authSessions, users } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { emailTranslator } from "../email/email-text";
import { env } from "../env";
import { originFor } from "../hosts/parse-host";
import { ipNetwork } from "./ip-network";

/** How far back a browser + system + network counts as known for new-device alerts. */
export const KNOWN_DEVICE_DAYS = 90;

export type CreateSessionRecordOptions = {
  userId: string;
  /** The host the session cookie is issued for (normalized, as in the token). */
  host: string;
  ip: string | null;
  userAgent: string | null;
  /** Set for a hand-off: the session (sid) it continues on another host. */
  parentSessionId?: string | null;
  /** A given id (support access binds its grant to the session before it exists). */
  id?: string;
  /** The session ends by itself at this time (support access). */
  expiresAt?: Date | null;
  now?: Date;
};

export type CreatedSession = { id: string; alerted: boolean };

/**
 * Records a session as its cookie is minted. A hand-off joins the family of the session it
 * continues (already ended if that one has ended meanwhile). A fresh sign-in from a browser,
 * system and network the person has not used in the last 90 days gets a security email, except
 * the very first sign-in of an account. The user row is locked so two sign-ins of the same
 * person at once cannot both decide they are the first from a device.
 */
export async function createSessionRecord({ userId, host, ip, userAgent, parentSessionId = null, id = randomUUID(), expiresAt = null, now = new Date() }: CreateSessionRecordOptions): Promise<CreatedSession> {
  const device = parseUserAgent(userAgent);
  const network = ipNetwork(ip);
  // Stored text is bounded and storable (a user agent is whatever the client sent).
  const storedAgent = userAgent ? userAgent.replace(/\0/g, "").slice(0, 512) : null;
  return getDb().transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId)).for("no key update");
    if (!user) throw new Error("createSessionRecord: unknown user");
    let familyId: string = id;
    let revokedAt: Date | null = null;
    if (parentSessionId && /^[0-9a-f-]{36}$/i.test(parentSessionId)) {
      const [parent] = await tx
        .select({ familyId: authSessions.familyId, revokedAt: authSessions.revokedAt })
        .from(authSessions)
        .where(and(eq(authSessions.id, parentSessionId), eq(authSessions.userId, userId)));
      if (parent) {
        familyId = parent.familyId;
        revokedAt = parent.revokedAt;
      }
    }
    let alerted = false;
    if (familyId === id) {
      const [seen] = await tx
        .select({
          any: sql<boolean>`count(*) > 0`,
          known: sql<boolean>`coalesce(bool_or(${authSessions.browser} = ${device.browser} and ${authSessions.os} = ${device.os} and ${authSessions.ipNetwork} = ${network} and ${authSessions.lastSeenAt} > ${now.toISOString()}::timestamptz - make_interval(days => ${KNOWN_DEVICE_DAYS})), false)`,
        })
        .from(authSessions)
        .where(and(eq(authSessions.userId, userId), ne(authSessions.id, id)));
      if (seen?.any && !seen.known) {
        alerted = (await enqueueEmails(tx, [newDeviceEmail({ to: user.email, locale: user.locale, sessionId: id, when: now, ...device, ip })])) > 0;
      }
    }
    await tx.insert(authSessions).values({
      id,
      userId,
      familyId,
      host,
      ip,
      userAgent: storedAgent,
      browser: device.browser,
      os: device.os,
      ipNetwork: network,
      createdAt: now,
      lastSeenAt: now,
      revokedAt,
      expiresAt,
    });
    return { id, alerted };
  });
}

function newDeviceEmail({ to, locale, sessionId, when, browser, os, ip }: { to: string; locale: string | null; sessionId: string; when: Date; browser: string; os: string; ip: string | null }) {
  const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  const time = `${when.toISOString().replace("T", " ").slice(0, 16)} UTC`;
  const t = emailTranslator(locale);
  return {
    to,
    subject: t("newDevice.subject"),
    dedupeKey: `new-device-sign-in:${sessionId}`,
    text: [
      t("newDevice.intro"),
      "",
      t("newDevice.time", { time }),
      t("newDevice.browser", { browser }),
      t("newDevice.os", { os }),
      t("newDevice.ip", { ip: ip ?? t("newDevice.unknownIp") }),
      "",
      t("newDevice.wasYou"),
      "",
      t("newDevice.wasNotYou"),
      `${apex}/account`,
    ].join("\n"),
  };
}
