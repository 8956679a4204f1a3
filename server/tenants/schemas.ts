import { z } from "zod";
import { platformSlugProblem as slugProblem } from "./reserved-slugs";
import { SLUG_PROBLEM_MESSAGES } from "./slug";

export const ZTenantName = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(64, "Use at most 64 characters.");

export const ZTenantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((slug, ctx) => {
    const problem = slugProblem(slug);
    if (problem) ctx.addIssue({ code: "custom", message: SLUG_PROBLEM_MESSAGES[problem] });
  });
