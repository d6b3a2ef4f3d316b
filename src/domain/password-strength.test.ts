import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password-strength.js';

describe('password strength', () => {
  it.each(['password', '        ', 'password123', 'qwertyuiop', 'letmein2026', 'Password1!', 'sapphire1', 'loupe2026', 'hunter22hunter22'])(
    'refuses %j with a reason',
    (weak) => {
      expect(passwordWeakness(weak)).toMatch(/\w+/);
    },
  );

  it.each(['correct horse battery', 'sapphire-ring-9', 'loupe-demo-2026', 'emerald cut on a platinum band'])('takes %j', (strong) => {
    expect(passwordWeakness(strong)).toBeNull();
  });
});
