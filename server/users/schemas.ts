import { z } from "zod";
import { displayName, storableText } from "../../lib/text";

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .superRefine(storableText)
  .email("Enter a valid email address.");

// A password is hashed, never stored, but a NUL or a broken character pair would be hashed as
// something else than what was typed (U+FFFD), so it is refused like any other text.
export const ZPassword = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.")
  .superRefine(storableText)
  // Length is what makes a password strong, but ten spaces or one key held down is no password.
  .refine((value) => value.trim() !== "" && new Set(value).size > 2, "Use more than one or two different characters (ten spaces or \"aaaaaaaaaa\" can be guessed at once).");

export const ZPersonName = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.").superRefine(displayName);
