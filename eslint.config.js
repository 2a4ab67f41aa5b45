import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Tests and benchmarks read untyped GraphQL JSON responses; typing every shape adds noise, not safety.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'plugins/**/*.test.ts', 'plugins/**/*-probes.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
