import { api } from './client';
import { unwrap } from './problem';
import { idempotencyHeader } from './submission-key';
import type { CreateCustomerBody } from './types';

export const createCustomer = (body: CreateCustomerBody, key?: string) =>
  unwrap(api.POST('/api/v1/customers', { params: { header: idempotencyHeader(key) }, body }));
