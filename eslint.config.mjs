// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers: an import may only point down (see src/README.md). Each entry names what a folder must
 * not import, matched on the import path's folder names.
 */
const layers = [
  { files: ['src/util/**'], below: [] },
  { files: ['src/config.ts'], below: ['util'] },
  { files: ['src/coordination/**'], below: ['util'] },
  { files: ['src/vultr/**'], below: ['util'] },
  { files: ['src/domain/**'], below: ['util', 'coordination', 'vultr'] },
  { files: ['src/views/**'], below: ['util', 'coordination', 'vultr', 'domain'] },
  { files: ['src/platform/**'], below: ['util', 'config', 'coordination', 'vultr', 'domain', 'views'] },
  { files: ['src/deps.ts'], below: ['util', 'coordination', 'vultr', 'domain', 'views', 'platform'] },
  { files: ['src/screens/**'], below: ['util', 'coordination', 'vultr', 'domain', 'views', 'platform', 'deps'] },
  { files: ['src/forms/**'], below: ['util', 'coordination', 'vultr', 'domain', 'views', 'platform', 'deps'] },
  // A feature never imports another; the two jobs are features of their own.
  ...['commands', 'actions', 'events', 'jobs'].map((feature) => ({
    files: [`src/${feature}/**`],
    below: ['util', 'config', 'coordination', 'vultr', 'domain', 'views', 'platform', 'deps', 'screens', 'forms', feature],
  })),
  // (Later entries win for the same file, so these two repeat the jobs entry with their sibling added.)
  ...[
    ['digest', 'watcher'],
    ['watcher', 'digest'],
  ].map(([job, sibling]) => ({
    files: [`src/jobs/${job}/**`],
    below: ['util', 'config', 'coordination', 'vultr', 'domain', 'views', 'platform', 'deps', 'screens', 'forms', 'jobs'],
    also: [sibling],
  })),
];
/** Every top-level name inside src/ an import path can name. */
const srcNames = [
  'util',
  'config',
  'coordination',
  'vultr',
  'domain',
  'views',
  'platform',
  'deps',
  'screens',
  'forms',
  'commands',
  'actions',
  'events',
  'jobs',
  'app',
  'main',
  'remind',
  'doctor',
  // Not `history` (src/history.ts, `npm run history`): the names are matched as folders and files,
  // and the history has a file of that name in every layer.
];
const layerRules = layers.map(({ files, below, also = [] }) => {
  // A folder's files may import each other (src/coordination/redis.ts imports ./coordination).
  const own = files[0].split('/')[1].replace(/\.ts$/, '');
  const forbidden = [...srcNames.filter((name) => name !== own && !below.includes(name)), ...also];
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any folder named along a relative path counts: ./pipeline/../../actions/x is an action.
              regex: `^\\.\\.?/(.*/)?(${forbidden.join('|')})(/|$)`,
              message:
                'Imports only point down the layers of src/README.md: a feature never imports another, the platform no feature, the domain no platform.',
            },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['**/dist/', 'dist-bench/', 'dist-demo/', 'node_modules/', 'coverage/', 'test/fixtures/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      // Tests reach into loosely typed payloads on purpose (Slack bodies, parsed JSON).
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // A workspace package stands alone: it never reaches out of its folder (into the bot's src/ or a sibling).
    files: ['packages/*/{src,test}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'A package imports only its own files and its dependencies.' }] },
      ],
    },
  },
  {
    // The sandbox is a fake Vultr: it knows nothing of Slack, so the emulator is not one of its dependencies.
    files: ['packages/vultr-sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../*'], message: 'A package imports only its own files and its dependencies.' },
            { group: ['@vultr-invites/slack-emulator'], message: 'The Vultr sandbox does not depend on the Slack emulator.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/slack-emulator/static/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        fetch: 'readonly',
        Option: 'readonly',
        setInterval: 'readonly',
        setTimeout: 'readonly',
        Intl: 'readonly',
      },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly' } },
  },
  ...layerRules,
);
