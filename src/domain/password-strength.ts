import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/** zxcvbn's scale: 0 too guessable … 4 very unguessable. 3 stands up to an offline attack on a slow hash. */
const MIN_SCORE = 3;

let checker: ZxcvbnFactory | undefined;
const zxcvbn = () => {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, product: ['loupe', 'jeweller', 'jewellery', 'jewelry', 'workshop'] },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return checker;
};

/**
 * Why a password would be easy to guess, in words for the person choosing it, or null when it is
 * strong enough. Common and leaked-pattern passwords (`password`, `qwertyuiop`, `letmein2026`, eight
 * spaces) are refused whatever their length.
 */
export function passwordWeakness(password: string): string | null {
  const result = zxcvbn().check(password.slice(0, 100));
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning ?? 'This password would be easy to guess.';
  const tip = result.feedback.suggestions[0] ?? 'A few uncommon words together make a strong password.';
  return `${why} ${tip}`;
}
