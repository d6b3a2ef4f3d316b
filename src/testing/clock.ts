import type { Clock } from '../domain/clock.js';

/** A clock tests can hold still or move on (API tests, and the Playwright specs that need days to pass). */
export class TestClock implements Clock {
  constructor(private at = new Date('2026-11-27T09:30:00Z')) {}
  now() {
    return new Date(this.at);
  }
  set(at: Date) {
    this.at = new Date(at);
  }
  advance(ms: number) {
    this.at = new Date(this.at.getTime() + ms);
  }
}
