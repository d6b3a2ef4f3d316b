export * from './attachments.js';
export * from './bespoke.js';
export * from './customers.js';
export * from './ledger.js';
export * from './notifications.js';
export * from './outbox.js';
export * from './tenancy.js';
