// Lint configuration: typescript-eslint's recommended rules with type information off
// (the typecheck step already runs tsc), plus a few rules that catch real defects here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', '.ledgerbridge/', 'scratch/', 'bc-extension/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      // Configuration is parsed once in src/config; nothing else reads the environment.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config.' }],
    },
  },
  {
    // Emulators agree with the real systems, not with our connectors: they import nothing from
    // src/ but the clock interface. Integration tests that drive a connector against one may.
    files: ['emulators/**/*.ts'],
    ignores: ['emulators/**/*.integration.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src/(?!core/clock\\.ts$)',
              message: 'Emulators import nothing from src/ (only the Clock interface): write the definition from the real system.',
            },
          ],
        },
      ],
    },
  },
  {
    // A flow takes ports; its module.ts, the flow's wiring, is the one file that builds them from
    // the connectors (decision 0025). Types from a connector are fine anywhere.
    files: ['src/flows/**/*.ts'],
    ignores: ['src/flows/*/module.ts', 'src/flows/orders/webhook-snapshot.ts', 'src/flows/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)connectors/',
              allowTypeImports: true,
              message: "A flow receives ports: build them from the connectors in the flow's module.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
