import type { ClientError } from "./links";

/** What a form shows when the request never got an answer from the server. */
export const UNREACHABLE: ClientError = { message: "Could not reach the server. Check your connection and try again.", fieldErrors: {} };
