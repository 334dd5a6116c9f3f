import { compileDist, SHARED_DIST_ENV } from './compiledDist';

/**
 * Jest's globalSetup: src/ compiled once per run for every test file that runs the compiled entry
 * points (six files each compiling it cost ~45 s of CPU on 2 cores). The workers inherit the
 * path; globalTeardown.ts removes it.
 */
export default function setup(): void {
  process.env[SHARED_DIST_ENV] = compileDist();
}
