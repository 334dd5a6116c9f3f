import type { CheckResult } from './check';

/** Exit codes: 0 nothing blocks (warnings allowed), 1 a check failed, 2 invalid configuration. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 {
  return results.some((result) => result.status === 'fail') ? 1 : 0;
}

const marks: Record<CheckResult['status'], string> = { ok: '✓', warn: '!', fail: '✗' };

/** One line per check; a fix goes on an indented line below, so the check lines stay scannable. */
export function formatText(results: readonly CheckResult[]): string {
  return results
    .map(
      (result) => `${marks[result.status]} ${result.name}: ${result.summary}${result.fix === undefined ? '' : `\n    fix: ${result.fix}`}`,
    )
    .join('\n');
}

export function formatJson(results: readonly CheckResult[], exitCode: number): string {
  return JSON.stringify({ ok: exitCode === 0, exit_code: exitCode, checks: results }, null, 2);
}
