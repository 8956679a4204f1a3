import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// Second factors are global, like users (a person's factor serves every workspace).

/**
 * A person's authenticator app (TOTP, RFC 6238). The secret is sealed with AES-256-GCM under a
 * key derived from AUTH_SECRET (server/two-factor/secret-box.ts): a leaked table or backup
 * yields no codes. Unconfirmed until the person proves it with a code; only a confirmed one is a
 * second factor. `last_used_step` (the 30-second step of the last accepted code) refuses a code
 * seen again within its window.
 */
export const userTotp = pgTable("user_totp", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretSealed: text("secret_sealed").notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Single-use recovery codes, stored only as a keyed hash (HMAC under a key derived from AUTH_SECRET). */
export const userRecoveryCodes = pgTable(
  "user_recovery_codes",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("user_recovery_codes_user_idx").on(t.userId), uniqueIndex("user_recovery_codes_user_hash_key").on(t.userId, t.codeHash)],
);

export type UserTotp = typeof userTotp.$inferSelect;
