import { buildWebHere } from '../src/http/web.js';

// `npm run web:build`: the staff app and the server's first-screen renderer, built together.
process.env.NODE_ENV = 'production';
await buildWebHere();
