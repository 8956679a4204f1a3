/** What withinDeadline gives back when the work did not settle in time. */
export const LATE = Symbol("late");

/**
 * The work's result, or LATE once `ms` have passed without it settling. The work itself goes on
 * (a statement sent to a stalled database cannot be taken back); the caller answers without it.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
