import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderOpenApi } from './openapi.js';

it('the committed OpenAPI document matches the routes (run `npm run openapi` after changing a route)', async () => {
  const committed = await readFile(new URL('../docs/openapi.json', import.meta.url), 'utf8');
  expect(committed).toBe(await renderOpenApi());
});
