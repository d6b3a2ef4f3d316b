import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';

/** Seals provider credentials with AES-256-GCM under the key from the environment. */
export class SecretBox {
  constructor(private readonly key: Buffer | null) {
    if (key && key.length !== 32) throw new Error('the encryption key must be 32 bytes');
  }

  get ready(): boolean {
    return this.key !== null;
  }

  seal(plain: string): string {
    const key = this.requireKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || !body) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.requireKey(), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  private requireKey(): Buffer {
    if (!this.key) {
      throw new DomainError('validation_failed', 'Encryption key missing', 'Credentials cannot be stored until LOUPE_ENCRYPTION_KEY is set on the server', {
        errors: [{ path: 'credentials', message: 'Set LOUPE_ENCRYPTION_KEY on the server to store credentials' }],
      });
    }
    return this.key;
  }
}

/** A key given as 64 hex characters or base64 of 32 bytes. */
export function parseKey(text: string): Buffer | null {
  const hex = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : null;
  const key = hex ?? Buffer.from(text, 'base64');
  return key.length === 32 ? key : null;
}
