import { env } from "../env";
import { hostLabelsOf, RESERVED_SLUGS, slugProblem, type SlugProblem } from "../../lib/slug";

let cached: ReadonlySet<string> | undefined;

/** The fixed list plus the labels of hosts from configuration (CUSTOM_DOMAIN_TARGET). */
export function reservedSlugs(): ReadonlySet<string> {
  cached ??= new Set([...RESERVED_SLUGS, ...hostLabelsOf(env.CUSTOM_DOMAIN_TARGET, env.ROOT_DOMAIN)]);
  return cached;
}

/** slugProblem with this deployment's configured host labels reserved too (server side). */
export function platformSlugProblem(slug: string): SlugProblem | null {
  return slugProblem(slug, reservedSlugs());
}
