import { z } from "zod";
import { zDisplayName } from "../../lib/text";

// What a browser sends back from navigator.credentials (the JSON form @simplewebauthn/browser
// produces). Checked here, with size limits, before the library sees it: anything else is a
// clear 400, never a TypeError from deep inside verification.

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, "Expected base64url.");

const ZTransports = z.array(z.string().max(32).regex(/^[a-z-]+$/)).max(10).optional();

// What every credential answer carries, whichever ceremony it answers.
const credentialFields = {
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

export const ZRegistrationResponse = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(65536),
    transports: ZTransports,
    authenticatorData: base64url(65536).optional(),
    publicKey: base64url(8192).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
});

export const ZAuthenticationResponse = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(65536),
    signature: base64url(2048),
    userHandle: base64url(512).optional(),
  }),
});

export type RegistrationResponse = z.infer<typeof ZRegistrationResponse>;
export type AuthenticationResponse = z.infer<typeof ZAuthenticationResponse>;

export const ZPasskeyName = zDisplayName({ min: 1, max: 60, tooShort: "Name your passkey." });

export const MAX_PASSKEYS_PER_USER = 20;
