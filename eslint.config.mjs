// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

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
);
