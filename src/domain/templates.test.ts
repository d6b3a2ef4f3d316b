import { describe, expect, it } from 'vitest';
import { countOf, itemsOf, itemsOnJob, render, strayBraces, type TemplateValues, templateVariables, unknownVariables } from './templates.js';

describe('plural items in templates', () => {
  it('says "1 item" and "3 items", and "0 items", in the shop’s locale', () => {
    expect(itemsOf(1, 'en-GB')).toBe('1 item');
    expect(itemsOf(3, 'en-GB')).toBe('3 items');
    expect(itemsOf(0, 'en-AU')).toBe('0 items');
    expect(itemsOf(1200, 'en-US')).toBe('1,200 items');
  });

  it('counts a job as at least its piece: a commission with no lines of work is "1 item", not "0 items"', () => {
    expect(itemsOnJob(0, 'en-GB')).toBe('1 item');
    expect(itemsOnJob(2, 'en-GB')).toBe('2 items');
  });

  it('takes its categories from Intl.PluralRules, not from "n === 1"', () => {
    // In Arabic two is its own category: a locale's own rules choose the form, and here neither is "one".
    expect(countOf(2, 'ar', { one: 'piece', other: 'pieces' })).toBe(`${new Intl.NumberFormat('ar').format(2)} pieces`);
    expect(countOf(1, 'fr', { one: 'pièce', other: 'pièces' })).toBe('1 pièce');
    expect(countOf(0, 'fr', { one: 'pièce', other: 'pièces' })).toBe('0 pièce');
  });

  it('is a template variable like the others', () => {
    expect(templateVariables).toContain('job.items');
    expect(unknownVariables('Your {{job.title}} ({{job.items}}) is ready')).toEqual([]);
    const values = Object.fromEntries(templateVariables.map((v) => [v, ''])) as TemplateValues;
    expect(render('We finished {{job.items}} on your ring.', { ...values, 'job.items': itemsOf(1, 'en-GB') })).toBe('We finished 1 item on your ring.');
    expect(render('We finished {{job.items}} on your ring.', { ...values, 'job.items': itemsOf(3, 'en-GB') })).toBe('We finished 3 items on your ring.');
  });
});

describe('broken placeholders', () => {
  it('finds a placeholder opened and not closed, or closed and not opened, and nothing in a sound template', () => {
    expect(strayBraces('See it here: {{tracking.url')).toEqual(['{{tracking.url']);
    expect(strayBraces('Hello customer.firstName}}, hi')).toEqual(['Hello customer.firstName}}']);
    expect(strayBraces('Hello {{ customer.firstName }}, {{tracking.url}}')).toEqual([]);
    expect(strayBraces('A { single } brace is prose')).toEqual([]);
  });
});
