// Shared through globalThis: Next bundles the instrumentation hook and each route separately,
// and the readiness route must see the flag that the signal handler sets.
const state = globalThis as unknown as { __atriumShuttingDownSince?: number };

/** True from the moment SIGTERM / SIGINT arrives: readiness answers 503 from then on. */
export function isShuttingDown(): boolean {
  return state.__atriumShuttingDownSince !== undefined;
}

export function markShuttingDown(): void {
  state.__atriumShuttingDownSince ??= Date.now();
}
