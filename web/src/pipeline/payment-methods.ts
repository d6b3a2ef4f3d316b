/** How money changes hands at the counter: the payment form and the intake deposit offer the same words. */
export const paymentMethods = ['Card', 'Cash', 'Bank transfer', 'Other'] as const;
