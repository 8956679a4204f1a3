import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { authenticateUser } from "./authenticate-user";
import { createUser } from "./create-user";

const password = "a long test password";

async function newUser() {
  return createUser({ email: `auth-${Math.random().toString(36).slice(2)}@example.test`, name: "Auth", password });
}

describe("authenticateUser", () => {
  it("stores argon2id hashes with at least OWASP's parameters", async () => {
    const user = await newUser();
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
    const [, m, t] = user.passwordHash.match(/m=(\d+),t=(\d+)/)!;
    expect(Number(m)).toBeGreaterThanOrEqual(19_456);
    expect(Number(t)).toBeGreaterThanOrEqual(2);
  });

  it("accepts the right password (email case-insensitive) and rejects a wrong one", async () => {
    const user = await newUser();
    expect((await authenticateUser({ email: user.email.toUpperCase(), password, ip: "198.51.100.1" }))?.id).toBe(user.id);
    expect(await authenticateUser({ email: user.email, password: "wrong password", ip: "198.51.100.1" })).toBeNull();
    expect(await authenticateUser({ email: "nobody@example.test", password, ip: "198.51.100.1" })).toBeNull();
  });

  it("throttles after 5 failures from one IP with the wait time, without locking the owner out elsewhere", async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) expect(await authenticateUser({ email: user.email, password: "nope", ip: "198.51.100.7" })).toBeNull();
    const error = await authenticateUser({ email: user.email, password, ip: "198.51.100.7" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("TOO_MANY_REQUESTS");
    expect((error as AppError).message).toMatch(/Try again in \d+ (minutes?|seconds?)\./);
    // The real owner on another network still gets in.
    expect((await authenticateUser({ email: user.email, password, ip: "192.0.2.44" }))?.id).toBe(user.id);
  });

  it("parallel guesses cannot all slip past the check before the first failure is counted", async () => {
    const user = await newUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => authenticateUser({ email: user.email, password: "wrong guess", ip: "198.51.100.99" }).then(() => "tried", () => "throttled")),
    );
    expect(results.filter((r) => r === "tried")).toHaveLength(5);
  });

  it("a correct password gets its attempt back", async () => {
    const user = await newUser();
    for (let i = 0; i < 10; i++) expect((await authenticateUser({ email: user.email, password, ip: "198.51.100.123" }))?.id).toBe(user.id);
  });

  it("rejects a duplicate email with a conflict", async () => {
    const user = await newUser();
    await expect(createUser({ email: user.email.toUpperCase(), name: "Again", password })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
