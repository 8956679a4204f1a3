import { describe, expect, it } from "vitest";
import { authenticateUser, SignInThrottledError } from "../server/users/authenticate-user";
import { makeUser } from "./factories";

// One IPv6 subscriber holds a whole /64: a new address per guess must not buy new attempts.
describe("per-address limits and IPv6", () => {
  it("guesses from many addresses of one /64 share the sign-in limit; another /64 has its own", async () => {
    const user = await makeUser("Six Four");
    const guess = (ip: string) => authenticateUser({ email: user.email, password: "wrong-password-123", ip }).then(
      () => "refused",
      (error: unknown) => (error instanceof SignInThrottledError ? "throttled" : String(error)),
    );
    const outcomes: string[] = [];
    for (let i = 1; i <= 6; i++) outcomes.push(await guess(`2001:db8:77:1::${i.toString(16)}`));
    expect(outcomes).toEqual(["refused", "refused", "refused", "refused", "refused", "throttled"]);
    // The account's own guesser elsewhere (another network) is not locked out by this one.
    expect(await guess("2001:db8:77:2::1")).toBe("refused");
  });
});
