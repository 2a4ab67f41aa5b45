import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', 'data/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `interface KamEventPayloads extends PayloadsOf<...> {}` is how a module declares its events.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-console': 'off',
    },
  },
  {
    // Plain JavaScript that runs under Node before anything is compiled (scripts/build.js).
    files: ['scripts/**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', performance: 'readonly', setTimeout: 'readonly' } },
  },
  {
    // Plain JavaScript benchmarks and their worker threads, run by Node as they are.
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', fetch: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' } },
  },
  {
    // Tests and benchmarks read untyped GraphQL JSON responses; typing every shape adds noise, not safety.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'plugins/**/*.test.ts', 'plugins/**/*-probes.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plugins use the public plugin contract only: the kit's entry points, never core by path.
    files: ['plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(src|test|scripts|prisma)/',
              message: 'Plugins import the host only through kam-graphql/plugin (and kam-graphql/testing in tests); add what is missing to the kit.',
            },
            { regex: '^kam-graphql(?!/(plugin|testing)$)', message: 'Only kam-graphql/plugin and kam-graphql/testing are public.' },
          ],
        },
      ],
    },
  },
);
