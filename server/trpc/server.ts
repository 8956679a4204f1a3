import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getSessionUser } from "../auth/current-user";
import { createContext } from "./context";
import { createCaller } from "./root";

/** The tRPC caller for React Server Components (one context per request). */
export const getServerContext = cache(async () => createContext({ headers: await headers(), getUser: getSessionUser }));

export async function serverCaller() {
  return createCaller(await getServerContext());
}
