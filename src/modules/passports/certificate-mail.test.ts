import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundGuard, parseOutboundAllow } from '../../net/outbound-guard.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';

let t: TestApp;
let smtp: SmtpSink;
let client: Client;

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

// The sink listens on loopback, which the operator allows here (LOUPE_OUTBOUND_ALLOW=127.0.0.1).
const sender = () =>
  new OutboxSender(
    {
      db: t.db,
      box: t.deps.box,
      channels: channelAdapters('http://127.0.0.1:9', new OutboundGuard({ allow: parseOutboundAllow('127.0.0.1') ?? [] })),
      config: { publicUrl: 'http://loupe.test' },
    },
    { workerId: 'certificate-test', backoffBaseMs: 5 },
  );

/** The parts of a MIME message: each part's headers (lower-cased names) and its decoded body. */
function mimeParts(raw: string): { headers: Record<string, string>; body: Buffer }[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head = '', ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
      const headers: Record<string, string> = {};
      for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      const text = rest.join('\n\n');
      const encoding = headers['content-transfer-encoding'] ?? '';
      const body = /base64/i.test(encoding)
        ? Buffer.from(text.replace(/\s+/g, ''), 'base64')
        : /quoted-printable/i.test(encoding)
          ? Buffer.from(
              text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
              'latin1',
            )
          : Buffer.from(text);
      return { headers, body };
    });
}

beforeAll(async () => {
  t = await testApp();
  smtp = new SmtpSink();
  const port = await smtp.start();
  const shop = await t.newShop('Hatton & Daughters');
  client = shop.client;
  ok(
    await client.request('PUT', '/api/v1/settings/notifications', {
      body: { defaultChannel: 'email', sender: { name: 'Hatton & Daughters', email: 'hello@hatton.test' }, smtp: { host: '127.0.0.1', port, secure: false } },
    }),
  );
});
afterAll(async () => {
  await smtp.stop();
  await t.close();
});

describe('e-mailing the certificate', () => {
  it('sends the owner one e-mail per request (an Idempotency-Key repeat sends nothing more) with the PDF, whose token verifies with the JWKS alone', async () => {
    const p = ok(
      await client.post('/api/v1/passports', {
        title: 'Art deco sapphire ring',
        owner: { name: 'Harriet Vane', contact: 'harriet@example.test' },
        stones: [{ kind: 'Sapphire', carat: 1.4, certificateLab: 'GIA', certificateNumber: '2211' }],
      }),
      201,
    );
    const key = { headers: { 'idempotency-key': 'email-certificate-1' } };
    const queued = ok(await client.post(`/api/v1/passports/${p.id}/certificate-email`, { note: 'Lovely to see you again.' }, key), 202);
    expect(queued).toMatchObject({ to: 'harriet@example.test', fileName: `passport-${p.number}.pdf` });
    const replay = await client.post(`/api/v1/passports/${p.id}/certificate-email`, { note: 'Lovely to see you again.' }, key);
    expect(replay.statusCode).toBe(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const rows = await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from outbox where topic = 'passport_certificate' and payload ->> 'passportId' = ${p.id}`,
    );
    expect(rows[0]?.n).toBe(1);

    const before = smtp.mails.length;
    await sender().drain();
    const mails = smtp.mails.slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.to).toEqual(['harriet@example.test']);
    const parts = mimeParts(mail?.raw ?? '');
    const text = parts.find((x) => x.headers['content-type']?.startsWith('text/plain'))?.body.toString('utf8') ?? '';
    expect(text).toContain('Lovely to see you again.');
    expect(text).toContain(`http://loupe.test/verify/${p.number}`);
    const attached = parts.find((x) => x.headers['content-type']?.startsWith('application/pdf'));
    expect(attached?.headers['content-disposition']).toContain(`passport-${p.number}.pdf`);
    const pdf = attached?.body ?? Buffer.alloc(0);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // The token printed on the attached certificate, checked with only the published JWKS and jose.
    const mupdf = await import('mupdf');
    const printed = mupdf.Document.openDocument(pdf, 'application/pdf')
      .loadPage(0)
      .toStructuredText('preserve-whitespace')
      .asText()
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[A-Za-z0-9_.-]{20,}$/.test(l))
      .join('');
    expect(printed).toBe(p.token);
    const jwks = (await t.anonymous.get('/.well-known/jwks.json')).json() as JSONWebKeySet;
    const { payload } = await compactVerify(printed, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ num: p.number, piece: { title: 'Art deco sapphire ring' } });

    // The delivery is in the shop's log, and a second drain sends nothing again.
    const [sent] = await rowsOf<{ status: string }>(t.db, sql`select status from outbox where id = ${queued.id}`);
    expect(sent?.status).toBe('sent');
    await sender().drain();
    expect(smtp.mails.length).toBe(before + 1);

    // A new request (a new key) is a new e-mail.
    ok(await client.post(`/api/v1/passports/${p.id}/certificate-email`, {}, { headers: { 'idempotency-key': 'email-certificate-2' } }), 202);
    await sender().drain();
    expect(smtp.mails.length).toBe(before + 2);
  });

  it('refuses when the owner has no e-mail address; another shop’s passport is 404', async () => {
    const p = ok(await client.post('/api/v1/passports', { title: 'Signet', owner: { name: 'Peter Wimsey', contact: '+44 7700 900123' } }), 201);
    const refused = await client.post(`/api/v1/passports/${p.id}/certificate-email`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ path: 'ownerContact' });
    const other = await t.newShop('Other Jewellers');
    expect((await other.client.post(`/api/v1/passports/${p.id}/certificate-email`, {})).statusCode).toBe(404);
  });
});
