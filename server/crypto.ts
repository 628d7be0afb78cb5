import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { getEnv } from "./env";

/** Encrypts stored credentials with AES-256-GCM under a key derived from PORTICO_ENCRYPTION_KEY. */
function key(secret = getEnv().PORTICO_ENCRYPTION_KEY): Buffer {
  if (!secret) throw new Error("PORTICO_ENCRYPTION_KEY is not set: credentials cannot be stored");
  return createHash("sha256").update(secret).digest();
}

export function encryptSecret(plain: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

export function decryptSecret(stored: string, secret?: string): string {
  const [version, iv, tag, data] = stored.split(":");
  if (version !== "v1" || !iv || !tag || !data) throw new Error("Unreadable stored secret");
  const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}

/** A keyed MAC (HMAC-SHA256 under PORTICO_ENCRYPTION_KEY), base64url: tokens that need no storage. */
export function macFor(message: string, secret?: string): string {
  return createHmac("sha256", key(secret)).update(message).digest("base64url");
}
