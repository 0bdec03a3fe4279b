import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/dist/**', 'docs/api/**', '**/node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Library code runs in browsers too: no Node built-ins, and packages meet only through
    // their public entry points.
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'src/ must not use Node built-ins; put runtime differences in src/runtime/.',
            },
            {
              // `@siegel/pki/der` is the one subpath shared inside Siegel (see its index.ts).
              group: ['@siegel/*/*', '!@siegel/pki/der'],
              message: 'Import other Siegel packages through their entry point only.',
            },
            {
              group: ['../../*/src/*', '../../../*/src/*'],
              message: 'Import other Siegel packages by name, not by path.',
            },
          ],
          paths: [
            'fs',
            'path',
            'os',
            'crypto',
            'buffer',
            'child_process',
            'url',
            'stream',
            'util',
          ].map((name) => ({
            name,
            message: 'src/ must not use Node built-ins.',
          })),
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', '__dirname'],
    },
  },
  {
    files: ['scripts/**', 'fuzz/**', 'examples/**', '**/test/**', '**/bench/**', '*.config.*'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        crypto: 'readonly',
        performance: 'readonly',
      },
    },
  },
)
