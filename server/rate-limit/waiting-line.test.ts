import { describe, expect, it } from "vitest";
import { once, waitingLine } from "./waiting-line";

/** A line in front of `capacity` places, counting what is taken. */
function bounded(capacity: number) {
  const state = { taken: 0 };
  const line = waitingLine(() => {
    if (state.taken >= capacity) return null;
    state.taken += 1;
    return once(() => {
      state.taken -= 1;
      line.wake();
    });
  });
  return { line, state };
}

const refused = () => new Error("busy");

describe("waitingLine", () => {
  it("grants places in arrival order as they are released, never more than there are", async () => {
    const { line, state } = bounded(1);
    const first = await line.wait(1000, refused);
    const order: string[] = [];
    const second = line.wait(1000, refused).then((release) => (order.push("second"), release));
    const third = line.wait(1000, refused).then((release) => (order.push("third"), release));
    expect(line.tryNow()).toBeNull();
    expect(line.length).toBe(2);
    first();
    first(); // a second call of the same release frees nothing more
    const releaseSecond = await second;
    expect(order).toEqual(["second"]);
    expect(state.taken).toBe(1);
    releaseSecond();
    (await third)();
    expect(order).toEqual(["second", "third"]);
    expect(state.taken).toBe(0);
  });

  it("refuses a caller that waited too long, and one whose signal aborts, and takes both out of the line", async () => {
    const { line, state } = bounded(1);
    const held = line.tryNow()!;
    await expect(line.wait(20, refused)).rejects.toThrow("busy");
    const controller = new AbortController();
    const aborted = line.wait(10_000, refused, controller.signal);
    const patient = line.wait(10_000, refused);
    controller.abort();
    await expect(aborted).rejects.toThrow("busy");
    expect(line.length).toBe(1);
    held();
    (await patient)();
    expect(state.taken).toBe(0);
    await expect(line.wait(10, refused, AbortSignal.abort())).rejects.toThrow("busy");
  });

  it("does not let a newcomer pass callers already waiting", async () => {
    const { line } = bounded(1);
    const held = line.tryNow()!;
    const waiting = line.wait(1000, refused);
    held();
    // The freed place went to the caller in line, so there is none for tryNow.
    expect(line.tryNow()).toBeNull();
    (await waiting)();
    expect(line.tryNow()).not.toBeNull();
  });
});
