import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

// A software WebAuthn authenticator for tests: a P-256 key pair per credential, attestation
// "none", assertions signed as a real authenticator signs them (ECDSA over authenticatorData ||
// SHA-256(clientDataJSON)). Overrides let a test forge what an attacker or a broken client sends.

type CborValue = number | string | Uint8Array | CborValue[] | Map<number | string, CborValue> | { [key: string]: CborValue };

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  if (length < 65536) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

/** Just enough CBOR (RFC 8949) for attestation objects and COSE keys. */
export function cbor(value: CborValue): Buffer {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export type SoftCredential = { id: Buffer<ArrayBufferLike>; privateKey: KeyObject; publicKey: KeyObject; userHandle: string; counter: number };

export type Forgery = { origin?: string; rpId?: string; type?: string; userVerified?: boolean; counter?: number; challenge?: string; userHandle?: string | null };

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  constructor(private readonly defaults: { origin: string; rpId: string }) {}

  private authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create for options from the server, as @simplewebauthn/browser returns it. */
  create(options: { challenge: string; user: { id: string } }, forge: Forgery = {}) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]);
    const id = randomBytes(16);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, cbor(coseKey)]);
    const flags = FLAG_UP | FLAG_AT | (forge.userVerified === false ? 0 : FLAG_UV);
    const authData = this.authData(forge.rpId ?? this.defaults.rpId, flags, forge.counter ?? 0, attested);
    const credential: SoftCredential = { id, privateKey, publicKey, userHandle: options.user.id, counter: forge.counter ?? 0 };
    this.credentials.push(credential);
    return {
      response: {
        id: b64u(id),
        rawId: b64u(id),
        type: "public-key",
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
        response: {
          clientDataJSON: b64u(this.clientData(forge.type ?? "webauthn.create", forge.challenge ?? options.challenge, forge.origin ?? this.defaults.origin)),
          attestationObject: b64u(cbor({ fmt: "none", attStmt: {}, authData })),
          transports: ["internal"],
        },
      },
      credential,
    };
  }

  /** navigator.credentials.get with one of this authenticator's credentials (the last made by default). */
  get(options: { challenge: string }, credential: SoftCredential = this.credentials.at(-1)!, forge: Forgery = {}) {
    credential.counter = forge.counter ?? credential.counter + 1;
    const flags = FLAG_UP | (forge.userVerified === false ? 0 : FLAG_UV);
    const authData = this.authData(forge.rpId ?? this.defaults.rpId, flags, credential.counter);
    const clientDataJSON = this.clientData(forge.type ?? "webauthn.get", forge.challenge ?? options.challenge, forge.origin ?? this.defaults.origin);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    const userHandle = forge.userHandle === undefined ? credential.userHandle : forge.userHandle;
    return {
      id: b64u(credential.id),
      rawId: b64u(credential.id),
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
    };
  }
}
