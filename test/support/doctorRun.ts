import { join } from 'node:path';
import { runScript, useCompiledDist } from './compiledDist';
import { SECRETS } from './harness';

/** `node dist/doctor.js` as an operator runs it (tests of the doctor, with or without Redis). */

export const DOCTOR_APP_TOKEN = 'xapp-1-doctor-test-app-token';

export interface DoctorRun {
  code: number | null;
  lines: string[];
  output: string;
}

/** Compiles dist/ once for the file; returns the doctor runner, which checks that no secret (nor `extraSecrets`) is printed. */
export function useDoctor(extraSecrets: readonly string[] = []): (env: Record<string, string>, args?: string[]) => Promise<DoctorRun> {
  const dist = useCompiledDist();
  return async (env, args = []) => {
    const running = runScript(join(dist(), 'doctor.js'), env, args);
    const code = await running.exit;
    const output = [...running.stdout, ...running.stderr].join('\n');
    for (const secret of [...Object.values(SECRETS), DOCTOR_APP_TOKEN, ...extraSecrets]) expect(output).not.toContain(secret);
    return { code, lines: running.stdout, output };
  };
}

/** The check line starting with `mark` and naming `check`, with its fix line when there is one. */
export function lineOf(run: DoctorRun, check: string): string {
  const index = run.lines.findIndex((line) => line.slice(2).startsWith(`${check}:`));
  if (index < 0) throw new Error(`no "${check}" line in:\n${run.output}`);
  const fix = run.lines[index + 1]?.startsWith('    fix:') ? `\n${run.lines[index + 1]}` : '';
  return `${run.lines[index]}${fix}`;
}
