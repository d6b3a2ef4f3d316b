import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { fetchSignedIn } from './session-gate';

/**
 * The one API client: typed from docs/openapi.json, which the server generates from its Zod schemas.
 * A request the server answers 401 (the session ended under the screen) is sent again once the person
 * has signed in again in the dialog, so nothing typed is lost.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin', fetch: fetchSignedIn });
