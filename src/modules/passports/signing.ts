import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { CompactSign, calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Tx } from '../../db/client.js';
import { passportKeys } from '../../db/schema/index.js';
import { canonicalJson } from '../../domain/passports.js';
import type { SecretBox } from '../notifications/secret-box.js';

export const JWS_ALG = 'EdDSA';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The hash a record's successor carries: SHA-256 of its compact token, base64url. */
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');

export interface SigningKey {
  kid: string;
  key: Awaited<ReturnType<typeof importJWK>>;
}

/** The shop's signing key, made (and its private half sealed) the first time the shop signs anything. */
export async function signingKeyOf(tx: Tx, box: SecretBox, shopId: string, at: Date): Promise<SigningKey> {
  const [row] = await tx.select().from(passportKeys).where(eq(passportKeys.shopId, shopId)).orderBy(asc(passportKeys.createdAt)).limit(1);
  if (row) {
    return { kid: row.kid, key: await importJWK(JSON.parse(box.open(row.privateSealed)) as JWK, JWS_ALG) };
  }
  const pair = await generateKeyPair(JWS_ALG, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const sealed = box.seal(JSON.stringify(await exportJWK(pair.privateKey)));
  await tx.insert(passportKeys).values({ shopId, kid, publicJwk: JSON.stringify(publicJwk), privateSealed: sealed, createdAt: at });
  return { kid, key: pair.privateKey };
}

/** Signs claims as canonical JSON, so the token's payload is exactly what a row rebuilds. */
export function sign(key: SigningKey, claims: unknown, typ: string): Promise<string> {
  return new CompactSign(encoder.encode(canonicalJson(claims))).setProtectedHeader({ alg: JWS_ALG, kid: key.kid, typ }).sign(key.key);
}

/** A JWK as the JWKS publishes it. */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: string;
  use: string;
}

export function publicJwkOf(row: { kid: string; publicJwk: string }): PublicJwk {
  const jwk = JSON.parse(row.publicJwk) as JWK;
  return { kty: jwk.kty ?? 'OKP', crv: jwk.crv ?? 'Ed25519', x: jwk.x ?? '', kid: row.kid, alg: JWS_ALG, use: 'sig' };
}

export async function shopPublicKeys(tx: Tx, shopId: string): Promise<PublicJwk[]> {
  const rows = await tx
    .select({ kid: passportKeys.kid, publicJwk: passportKeys.publicJwk })
    .from(passportKeys)
    .where(and(eq(passportKeys.shopId, shopId)));
  return rows.map(publicJwkOf);
}

/** Checks a token against a set of public keys: its payload text when the signature holds, else null. */
export async function verifiedPayload(token: string, keys: readonly PublicJwk[]): Promise<string | null> {
  if (keys.length === 0) return null;
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet({ keys: [...keys] }), { algorithms: [JWS_ALG] });
    return decoder.decode(payload);
  } catch {
    return null;
  }
}
