import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The one API client: typed from docs/openapi.json, which the server generates from its Zod schemas. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
