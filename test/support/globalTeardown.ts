import { rmSync } from 'node:fs';
import { SHARED_DIST_ENV } from './compiledDist';

/** Removes the dist/ that globalSetup.ts compiled for the run. */
export default function teardown(): void {
  const dist = process.env[SHARED_DIST_ENV];
  if (dist !== undefined) rmSync(dist, { recursive: true, force: true });
}
