import { plural } from '../util/plural';
import type { ConfigError } from '../config';
import { fail, type CheckResult } from './check';

/** The configuration line when parsing failed: every problem at once, in the app's own words. */
export function checkConfigurationFailed(error: ConfigError): CheckResult {
  return fail(
    'Configuration',
    `${plural(error.problems.length, 'problem')}: ${error.problems.join('; ')}`,
    'set the variables named above (see .env.example for every variable), then run `npm run doctor` again',
  );
}
