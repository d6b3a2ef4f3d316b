import { writeFile } from 'node:fs/promises';
import { renderOpenApi } from './openapi.js';

// docs/openapi.json is committed and read in review; a test fails when it drifts from the routes.
await writeFile(new URL('../docs/openapi.json', import.meta.url), await renderOpenApi());
console.log('wrote docs/openapi.json');
