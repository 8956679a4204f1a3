export const TEST_PASSWORDS = { owner: "atrium_owner_test", app: "atrium_app_test" };
