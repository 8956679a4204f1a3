import { notFound } from "next/navigation";
import { connection } from "next/server";

// Any path no route matches lands here and gets the root not-found page rendered per request.
// Without this route Next would serve its prerendered not-found HTML, whose scripts carry no
// nonce, under the nonce policy proxy.ts sends with every page it cannot know to be static.
export default async function MissingPage(): Promise<never> {
  await connection();
  notFound();
}
