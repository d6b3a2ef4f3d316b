import { describe, expect, it } from 'vitest';
import { channelProblem, defaultChannel, namesAgree, toE164 } from './contact.js';

it('normalises phone numbers to E.164 with the shop country as default region', () => {
  expect(toE164('07912 345678', 'GB')).toBe('+447912345678');
  expect(toE164('0412 345 678', 'AU')).toBe('+61412345678');
  expect(toE164('(212) 555-0143', 'US')).toBe('+12125550143');
  expect(toE164('+44 7912 345678', 'US')).toBe('+447912345678');
  expect(toE164('12', 'GB')).toBeNull();
  expect(toE164('not a number', 'GB')).toBeNull();
});

it('picks e-mail, then text, when the customer does not choose', () => {
  expect(defaultChannel({ email: 'a@b.test', phone: '+447912345678' })).toBe('email');
  expect(defaultChannel({ email: null, phone: '+447912345678' })).toBe('sms');
  expect(defaultChannel({})).toBe('email');
});

it('says in words why a chosen channel cannot reach the customer', () => {
  expect(channelProblem('email', { email: null })).toMatch(/no e-mail/);
  expect(channelProblem('whatsapp', { phone: null })).toMatch(/no phone/);
  expect(channelProblem('sms', { phone: '+447912345678' })).toBeNull();
});

describe('names that could be one person’s', () => {
  it('agree on the first name or the surname, whatever the accents and punctuation', () => {
    expect(namesAgree('Grace O.', 'Grace Obi')).toBe(true);
    expect(namesAgree('Zoë O’Brien-Łukasz', 'zoe lukasz')).toBe(true);
    expect(namesAgree('Mrs J. Holloway', 'Grace Holloway')).toBe(true);
    expect(namesAgree('Zoë O’Brien-Łukasz', 'Grace Holloway')).toBe(false);
    expect(namesAgree('', 'Grace Holloway')).toBe(false);
  });
});
