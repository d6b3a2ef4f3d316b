import { useRef } from 'react';

/** 128 random bits; `crypto.randomUUID` would need a secure context, and a shop's LAN address is often plain http. */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * One `Idempotency-Key` per form submission: a double click, or a retry of the same submission, sends
 * the same key and the server makes one record. Once an answer is in, the next submission gets a new key.
 */
export function useSubmissionKey() {
  const key = useRef(newKey());
  return {
    current: () => key.current,
    renew: () => {
      key.current = newKey();
    },
  };
}

/** The header openapi-fetch sends, for the writes that honour it. */
export const idempotencyHeader = (key: string | undefined) => (key ? { 'Idempotency-Key': key } : {});

/**
 * Runs a submission unless one is already on its way. React state (a mutation's `isPending`) is only
 * read anew after a render, and a double click delivers both clicks before that: a ref sees the first.
 */
export function useSingleFlight() {
  const busy = useRef(false);
  return (work: () => Promise<unknown>) => {
    if (busy.current) return;
    busy.current = true;
    work()
      .catch(() => undefined)
      .finally(() => {
        busy.current = false;
      });
  };
}
