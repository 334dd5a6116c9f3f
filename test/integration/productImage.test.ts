import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sharedDist } from '../support/compiledDist';

/**
 * The product is the bot alone: `npm run build` (tsconfig.build.json) compiles the bot's src/ and
 * nothing of the workspace packages (the Slack emulator, the Vultr sandbox) or the demo, and the
 * image's runtime stage copies only that dist/ and the root package files. No Docker engine runs
 * here, so the Dockerfile is read.
 */

const repoRoot = join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe('the product build', () => {
  const dist = sharedDist();

  it('holds one .js per bot source file and nothing else: no emulator, sandbox, demo or page', () => {
    const built = filesUnder(dist);
    const sources = filesUnder(join(repoRoot, 'src')).filter((file) => file.endsWith('.ts'));
    expect(built.sort()).toEqual(sources.map((file) => file.replace(/\.ts$/, '.js')).sort());
    expect(built).toContain('main.js');
    expect(built.filter((file) => /workbench|sandbox|demo|static/i.test(file))).toEqual([]);
  });

  it('loads nothing from the workspace packages', () => {
    const offending = filesUnder(dist).filter((file) => {
      const code = readFileSync(join(dist, file), 'utf8');
      return /require\("@vultr-invites\/|class (LocalSlack|VultrSandbox|WorkbenchServer)\b/.test(code);
    });
    expect(offending).toEqual([]);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const [build = '', deps = '', runtime = ''] = dockerfile.split(/^FROM /m).slice(1);
  const copies = (stage: string) => [...stage.matchAll(/^COPY (.+)$/gm)].map((m) => m[1]);

  it('runs the image from dist/ and the production dependencies only (npm ci --omit=dev without packages/)', () => {
    expect(copies(deps)).toEqual(['package.json package-lock.json ./']);
    expect(deps).toMatch(/^RUN npm ci --omit=dev /m);
    expect(copies(runtime)).toEqual([
      'package.json package-lock.json ./',
      '--from=deps /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
      // What CMD runs: node with the V8 flags of scripts/node-flags.
      'scripts/run-built.sh scripts/node-flags ./scripts/',
    ]);
  });

  it('compiles the native module in its own stage, so the compilers stay out of the image', () => {
    expect(deps).toMatch(/apt-get install .*\bg\+\+/);
    expect(runtime).not.toMatch(/apt-get|g\+\+/);
  });

  it('runs one Node version in every stage, 22 (better-sqlite3 12 built against 24.19+ headers aborts)', () => {
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images).toEqual(['node:22-slim', 'node:22-slim', 'node:22-slim']);
  });

  it('builds from src/, with only the package.json of each workspace package for npm ci', () => {
    const workspaces = readdirSync(join(repoRoot, 'packages')).sort();
    expect(copies(build)).toEqual([
      'package.json package-lock.json ./',
      ...workspaces.map((name) => `packages/${name}/package.json ./packages/${name}/`),
      'tsconfig.json tsconfig.build.json ./',
      'src ./src',
    ]);
    expect(build).toMatch(/^RUN npm run build$/m);
  });
});
