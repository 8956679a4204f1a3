import type { ClientError } from "./links";

/** What a form shows when the request never got an answer from the server. */
export const UNREACHABLE: ClientError = { message: "Could not reach the server. Check your connection and try again.", fieldErrors: {} };

/**
 * What a call shows when the server answers but this page's code cannot be downloaded: the page
 * comes from an earlier release, whose files the new one no longer has.
 */
export const OUTDATED_PAGE: ClientError = { message: "This page is out of date. Reload the page and try again.", fieldErrors: {} };
