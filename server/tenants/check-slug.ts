import { isSlugTaken } from "../db/cross-tenant";
import { platformSlugProblem as slugProblem } from "./reserved-slugs";
import { SLUG_PROBLEM_MESSAGES } from "../../lib/slug";

export type CheckSlugResult =
  | { available: true; slug: string }
  | { available: false; slug: string; message: string; suggestion: string | null };

async function suggestFree(slug: string): Promise<string | null> {
  const base = slug.slice(0, 44).replace(/-+$/, "");
  for (let n = 2; n < 12; n++) {
    const candidate = `${base}-${n}`;
    if (!slugProblem(candidate) && !(await isSlugTaken(candidate))) return candidate;
  }
  return null;
}

export async function checkSlug({ slug }: { slug: string }): Promise<CheckSlugResult> {
  const problem = slugProblem(slug);
  if (problem === "reserved") {
    return { available: false, slug, message: SLUG_PROBLEM_MESSAGES.reserved, suggestion: await suggestFree(slug) };
  }
  if (problem) return { available: false, slug, message: SLUG_PROBLEM_MESSAGES[problem], suggestion: null };
  if (await isSlugTaken(slug)) {
    return { available: false, slug, message: "This address is already taken.", suggestion: await suggestFree(slug) };
  }
  return { available: true, slug };
}
