import { z } from "zod";

// Text rules shared by every input schema, on the server and in the browser (no server-only
// imports here).
//
// PostgreSQL cannot store NUL in text or jsonb, and a lone UTF-16 surrogate is not a character at
// all: jsonb refuses its escape (`"\ud800"`) and the driver silently turns it into U+FFFD in text.
// Either used to surface as a 500 from deep inside a query; refusing them at the edge names the
// field instead.

const hex = (codeUnit: number) => `U+${codeUnit.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why PostgreSQL cannot store this text, or null. */
export function unstorableTextProblem(value: string): string | null {
  const nul = value.indexOf("\0");
  if (nul !== -1) return "Remove the NUL character (U+0000): it cannot be saved.";
  // `isWellFormed` (Node 20+) is a fast path; the loop finds which code unit is the problem.
  if (typeof value.isWellFormed === "function" && value.isWellFormed()) return null;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `Remove the broken character (${hex(unit)}, half of a character pair): it cannot be saved. Check the text's encoding.`;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      return `Remove the broken character (${hex(unit)}, half of a character pair): it cannot be saved. Check the text's encoding.`;
    }
  }
  return null;
}

// Characters that change how surrounding text is displayed, or display as nothing at all: a
// name containing them can look like another name (`admin\u202Egnp.exe`, an empty-looking name).
// Zero-width joiner and non-joiner (U+200D, U+200C) stay allowed: emoji sequences and several
// scripts need them.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u115f\u1160\u180e\u200b\u2028\u2029\u2060-\u2064\u3164\ufeff\uffa0\ufff9-\ufffb]/;

/** Why this cannot be a display name (a person's, a workspace's, a key's), or null. */
export function displayNameProblem(value: string): string | null {
  const storable = unstorableTextProblem(value);
  if (storable) return storable;
  const bidi = BIDI_CONTROLS.exec(value);
  if (bidi) {
    return `Remove the invisible text-direction character (${hex(bidi[0].charCodeAt(0))}): it can make a name look different from what it is.`;
  }
  // The replacement character is what a broken character pair or a mis-decoded byte turns into on
  // the way (a browser sends a lone surrogate as U+FFFD): no one types it as part of a name.
  if (value.includes("\ufffd")) return "Remove the broken character (U+FFFD, shown as �): check the text's encoding and type the name again.";
  const invisible = INVISIBLE.exec(value);
  if (invisible) {
    const unit = invisible[0].charCodeAt(0);
    return unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f)
      ? `Remove the control character (${hex(unit)}): names are a single line of visible text.`
      : `Remove the invisible character (${hex(unit)}): names must be visible text.`;
  }
  return null;
}

const refineWith = (problem: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const message = problem(value);
  if (message) ctx.addIssue({ code: "custom", message, input: value });
};

/** Refinement for any free text: `z.string().max(…).superRefine(storableText)`. */
export const storableText = refineWith(unstorableTextProblem);

/** Refinement for names people see: storable, and no direction-control or invisible characters. */
export const displayName = refineWith(displayNameProblem);

/**
 * A free-text string PostgreSQL can store. Limits come first, so a huge value is refused for its
 * size before it is scanned. `max` is in UTF-16 code units, like `z.string().max`.
 */
export function zText(options: { max: number; min?: number; trim?: boolean; tooLong?: string; tooShort?: string }) {
  let schema = z.string({ error: "Enter text." });
  if (options.trim !== false) schema = schema.trim();
  if (options.min) schema = schema.min(options.min, options.tooShort ?? `Use at least ${options.min} characters.`);
  return schema.max(options.max, options.tooLong ?? `Use at most ${options.max} characters.`).superRefine(storableText);
}

/** A display name: trimmed, limited, storable, visible (see displayNameProblem). */
export function zDisplayName(options: { max: number; min?: number; tooLong?: string; tooShort?: string }) {
  let schema = z.string({ error: "Enter a name." }).trim();
  if (options.min) schema = schema.min(options.min, options.tooShort ?? `Use at least ${options.min} characters.`);
  return schema.max(options.max, options.tooLong ?? `Use at most ${options.max} characters.`).superRefine(displayName);
}
