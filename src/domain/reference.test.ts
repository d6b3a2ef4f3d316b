import { expect, it } from 'vitest';
import { formatReference, parseReference } from './reference.js';

it('pads references to four digits and grows past them', () => {
  expect(formatReference('B', 42)).toBe('B-0042');
  expect(formatReference('R', 12_345)).toBe('R-12345');
});

it('reads references back, forgiving case and spaces', () => {
  expect(parseReference('B', ' b-0042 ')).toBe(42);
  expect(parseReference('B', 'R-0042')).toBeNull();
  expect(parseReference('B', 'B-')).toBeNull();
});
