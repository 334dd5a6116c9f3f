import type { ConfigError } from '../config';
import { fail, type CheckResult } from './check';

/** The configuration line when parsing failed: every problem at once, in the app's own words. */
export function checkConfigurationFailed(error: ConfigError): CheckResult {
  return fail(
    'Configuration',
    `${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}: ${error.problems.join('; ')}`,
    'set the variables named above (see .env.example for every variable), then run `npm run doctor` again',
  );
}
