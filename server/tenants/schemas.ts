import { z } from "zod";
import { displayName } from "../../lib/text";
import { platformSlugProblem as slugProblem } from "./reserved-slugs";
import { SLUG_PROBLEM_MESSAGES } from "../../lib/slug";

export const ZTenantName = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(64, "Use at most 64 characters.")
  .superRefine(displayName);

// The slug pattern admits only a-z, 0-9 and hyphens, so no further text check is needed.
export const ZTenantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((slug, ctx) => {
    const problem = slugProblem(slug);
    if (problem) ctx.addIssue({ code: "custom", message: SLUG_PROBLEM_MESSAGES[problem] });
  });
