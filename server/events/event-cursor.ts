import "server-only";
import { sealedBox } from "../crypto/sealed-box";
import { AppError } from "../errors";

export type EventPosition = { xid: string; seq: string | number };

// A cursor is an event's place in the (xid, seq) order. Both numbers are platform-wide (every
// workspace's transactions and events advance them), so a readable cursor would tell one
// workspace's poller how busy the whole platform is. It is therefore sealed (AES-256-GCM under a
// key derived from AUTH_SECRET for this use only) and bound to the workspace: it reveals nothing,
// cannot be edited, and another workspace's cursor does not open.
//
// "e1." cursors (the position in plain base64url, issued before) are refused with a message that
// says to start again: anyone can write one, and probing with hand-made positions would show the
// platform-wide counters again (how far the horizon is, where one's own events stand).
const SEALED = "e2.";
const LEGACY = "e1.";
const LEGACY_REFUSED = "This cursor is from an older version of the API and is no longer accepted. Start again without `after` (events you already have come again; skip them by id).";
const SHAPE = /^(\d{1,20}):(\d{1,18})$/;
const BAD = "The cursor is not valid. Pass the nextCursor of a previous response unchanged, or omit `after` to start from the beginning.";

const box = sealedBox({ salt: "atrium-event-cursor-v1", info: "events-api-cursor" });

/** An event's place in the workspace's event order as an opaque string for `after`. */
export function encodeEventCursor(tenantId: string, { xid, seq }: EventPosition): string {
  return SEALED + box.seal(`${xid}:${seq}`, tenantId);
}

/** The position a cursor names; anything that is not one of this workspace's is a 400. */
export function decodeEventCursor(tenantId: string, cursor: string): EventPosition {
  let plain: string | null = null;
  if (cursor.startsWith(SEALED) && /^v1\.[A-Za-z0-9_-]{1,180}$/.test(cursor.slice(SEALED.length))) {
    plain = box.open(cursor.slice(SEALED.length), tenantId);
  } else if (cursor.startsWith(LEGACY)) {
    throw new AppError("BAD_REQUEST", LEGACY_REFUSED, { fieldErrors: { after: [LEGACY_REFUSED] } });
  }
  const match = plain === null ? null : SHAPE.exec(plain);
  if (!match) throw bad();
  const xid = BigInt(match[1]!);
  // xid8 is unsigned 64-bit; seq is a bigint identity (positive).
  if (xid > 0xffff_ffff_ffff_ffffn) throw bad();
  return { xid: xid.toString(), seq: match[2]! };
}

function bad(): AppError {
  return new AppError("BAD_REQUEST", BAD, { fieldErrors: { after: [BAD] } });
}
