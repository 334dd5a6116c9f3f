import { execFileSync } from 'node:child_process';

/**
 * The layer rule of eslint.config.mjs (src/README.md): an import may only point down. Each case is
 * a one-line module placed in a folder, linted with the project's own config (without type
 * information: only the import rule matters). ESLint loads its config with a dynamic import,
 * which Jest's module system does not run, so the linting happens in one child process.
 */
const LINT_SCRIPT = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });
const found = [];
for (const [filePath, importPath] of cases) {
  const code = "import * as target from '" + importPath + "';\\nexport const used = target;\\n";
  const [result] = await eslint.lintText(code, { filePath });
  found.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
}
console.log(JSON.stringify(found));
`;

const refused: [string, string, string][] = [
  ['a feature imports another feature', 'src/actions/suspend.ts', '../commands/list'],
  ['a command imports an action', 'src/commands/suspend.ts', '../actions/resend'],
  ['a job imports an event', 'src/jobs/digest/x.ts', '../../events/homeOpened'],
  ['platform code imports a feature', 'src/platform/x.ts', '../actions/resend'],
  ['platform code imports a shared screen', 'src/platform/surfaces/x.ts', '../../screens/home'],
  ['the domain imports platform code', 'src/domain/x.ts', '../platform/respond'],
  ['the domain imports a view', 'src/domain/x.ts', '../views/help'],
  ['a view imports platform code', 'src/views/x.ts', '../platform/notify'],
  ['the Vultr client imports the domain', 'src/vultr/x.ts', '../domain/resend'],
  ['a generic helper imports the product', 'src/util/x.ts', '../vultr/errors'],
  ['one job imports the other', 'src/jobs/digest/x.ts', '../watcher/runWatch'],
  ['a path climbs back through a feature', 'src/platform/x.ts', './pipeline/../../actions/resend'],
  ['a feature imports an entry point', 'src/actions/x.ts', '../main'],
];
const allowed: [string, string, string][] = [
  ['an action imports the pipeline', 'src/actions/suspend.ts', '../platform/pipeline/pipeline'],
  ['an action imports a form', 'src/actions/x.ts', '../forms/invite'],
  ['a surface imports a view', 'src/platform/surfaces/x.ts', '../../views/problems'],
  ['the domain imports coordination', 'src/domain/x.ts', '../coordination/coordination'],
  ['a folder imports its own files', 'src/coordination/x.ts', './coordination'],
];

describe('layer boundaries (eslint no-restricted-imports)', () => {
  let messages: string[][] = [];
  beforeAll(() => {
    const cases = [...refused, ...allowed].map(([, filePath, importPath]) => [filePath, importPath]);
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT, JSON.stringify(cases)], { encoding: 'utf8' });
    messages = JSON.parse(output) as string[][];
  }, 30_000);

  it.each(refused.map((c, i) => [...c, i] as const))('fails when %s', (_what, _file, _import, index) => {
    expect(messages[index]).toEqual([expect.stringContaining('Imports only point down')]);
  });

  it.each(allowed.map((c, i) => [...c, refused.length + i] as const))('allows it when %s', (_what, _file, _import, index) => {
    expect(messages[index]).toEqual([]);
  });
});
