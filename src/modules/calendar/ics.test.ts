import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { dateValue, escapeText, foldLine, IcsLines, utcDateTime, wallClockIn } from './ics.js';

const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('the iCalendar writer', () => {
  it('escapes backslashes, semicolons, commas and every kind of line break in TEXT', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('Plain words: fine')).toBe('Plain words: fine');
  });

  it('folds lines over 75 octets, never inside a UTF-8 character, and unfolds to the same line', () => {
    const short = `SUMMARY:${'x'.repeat(66)}`;
    expect(foldLine(short)).toBe(short);
    for (const line of [
      `SUMMARY:${'Bague 💎 pour Zoë — 婚約指輪 '.repeat(9)}`,
      `DESCRIPTION:${'é'.repeat(200)}`,
      `SUMMARY:${'a'.repeat(300)}`,
      `X:${'👍'.repeat(40)}`,
    ]) {
      const folded = foldLine(line);
      const physical = folded.split('\r\n');
      expect(physical.length).toBeGreaterThan(1);
      for (const [i, p] of physical.entries()) {
        expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
        if (i > 0) expect(p.startsWith(' ')).toBe(true);
        // No lone surrogate or split character: each piece is whole UTF-8 on its own.
        expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
        expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
      expect(unfold(folded)).toBe(line);
    }
  });

  it('writes UTC stamps, dates, and wall-clock times in a zone across its DST change', () => {
    expect(utcDateTime(new Date('2026-12-03T09:05:07.900Z'))).toBe('20261203T090507Z');
    expect(dateValue('2026-12-20')).toBe('20261220');
    const london = wallClockIn('Europe/London');
    expect(london(new Date('2026-12-18T15:00:00Z'))).toBe('20261218T150000');
    expect(london(new Date('2026-07-10T13:30:00Z'))).toBe('20260710T143000');
    expect(wallClockIn('Australia/Sydney')(new Date('2026-12-18T23:30:00Z'))).toBe('20261219T103000');
    expect(london(new Date('2026-03-29T00:59:59Z'))).toBe('20260329T005959');
    expect(london(new Date('2026-03-29T01:00:00Z'))).toBe('20260329T020000');
  });

  it('reads the wall clock right through a year and minute by minute around each change, in zones with half- and quarter-hour offsets', () => {
    const wrong: string[] = [];
    for (const zone of ['Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'UTC']) {
      const fast = wallClockIn(zone);
      const slow = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', dateStyle: 'short', timeStyle: 'medium' });
      const expected = (t: number) => {
        const [d, m, y, h, min, sec] = slow.format(t).split(/[/, :]+/);
        return `${y}${m}${d}T${h}${min}${sec}`;
      };
      const check = (t: number) => {
        if (fast(new Date(t)) !== expected(t)) wrong.push(`${zone} ${new Date(t).toISOString()}: ${fast(new Date(t))} != ${expected(t)}`);
      };
      const step = 3 * 3_600_000 + 7 * 60_000 + 13_000;
      let before = Number.NaN;
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += step) {
        check(t);
        // Where the offset changed since the last sample, every minute of the gap.
        const offset = Date.parse(`${expected(t).replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)/, '$1-$2-$3T$4:$5:$6')}Z`) - t;
        if (!Number.isNaN(before) && offset !== before) for (let u = t - step; u < t; u += 61_000) check(u);
        before = offset;
      }
    }
    expect(wrong).toEqual([]);
  });

  it('makes a calendar an independent parser reads back, whatever the text holds', () => {
    const summary = 'Due: B-0042 Bague 💎 pour Zoë — 婚約指輪; with a comma, a \\ backslash and a very long tail that needs folding more than once over';
    const text = new IcsLines()
      .raw('BEGIN', 'VCALENDAR')
      .raw('VERSION', '2.0')
      .raw('PRODID', '-//Loupe//Test//EN')
      .raw('BEGIN', 'VEVENT')
      .text('UID', 'job-1@loupe')
      .raw('DTSTAMP', utcDateTime(new Date('2026-12-03T10:00:00Z')))
      .raw('DTSTART;VALUE=DATE', dateValue('2026-12-20'))
      .text('SUMMARY', summary)
      .text('DESCRIPTION', 'With Ann\nBring the sapphire')
      .raw('END', 'VEVENT')
      .raw('END', 'VCALENDAR')
      .toString();
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const [event] = Object.values(ical.sync.parseICS(text)).filter((e) => e.type === 'VEVENT') as ical.VEvent[];
    expect(event?.summary).toBe(summary);
    expect(event?.description).toBe('With Ann\nBring the sapphire');
    expect(event?.datetype).toBe('date');
  });
});
