import { AppError } from "../errors";

export type EventPosition = { xid: string; seq: string | number };

const PREFIX = "e1.";
const SHAPE = /^(\d{1,20}):(\d{1,18})$/;
const BAD = "The cursor is not valid. Pass the nextCursor of a previous response unchanged, or omit `after` to start from the beginning.";

/** An event's place in the (xid, seq) order as an opaque string for `after`. */
export function encodeEventCursor({ xid, seq }: EventPosition): string {
  return PREFIX + Buffer.from(`${xid}:${seq}`, "utf8").toString("base64url");
}

/** The position a cursor names; anything that is not one of ours is a 400. */
export function decodeEventCursor(cursor: string): EventPosition {
  if (!cursor.startsWith(PREFIX) || !/^[A-Za-z0-9_-]{1,64}$/.test(cursor.slice(PREFIX.length))) throw bad();
  const match = SHAPE.exec(Buffer.from(cursor.slice(PREFIX.length), "base64url").toString("utf8"));
  if (!match) throw bad();
  const xid = BigInt(match[1]!);
  // xid8 is unsigned 64-bit; seq is a bigint identity (positive).
  if (xid > 0xffff_ffff_ffff_ffffn) throw bad();
  return { xid: xid.toString(), seq: match[2]! };
}

function bad(): AppError {
  return new AppError("BAD_REQUEST", BAD, { fieldErrors: { after: [BAD] } });
}
