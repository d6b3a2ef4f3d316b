import { execFileSync } from 'node:child_process';

/** Builds the SPA from the current source once; every worker's Loupe serves it. */
export default function setup(): void {
  execFileSync('npm', ['run', 'web:build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
