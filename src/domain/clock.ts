/** Time comes in from outside so that tests and the demo seed can set it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
