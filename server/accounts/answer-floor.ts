// Requests that must not reveal whether an address has an account (a reset or a sign-in link)
// answer after the same minimum time either way: sending is a few database writes, a miss is
// none, and the difference would otherwise be measurable.

export const ANSWER_FLOOR_MS = 350;

export async function withAnswerFloor<T>(work: () => Promise<T>, floorMs = ANSWER_FLOOR_MS): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = floorMs - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
