// @ts-check
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.node/',
      '**/examples/',
      '**/programs/',
      'sandbox/types/',
      'exercises/',
      'server/db/generated/',
      'data/',
      'web/build/',
      'web/.svelte-kit/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'web/*.js'] },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // `const { omitted, ...rest } = value` is how a copy leaves fields out.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // The front end runs in the browser; its components are TypeScript in Svelte files.
    files: ['web/**/*.svelte', 'web/**/*.svelte.ts', 'web/**/*.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
    rules: {
      // Served at the root of its origin (no `paths.base`), so a plain href is already resolved.
      'svelte/no-navigation-without-resolve': 'off',
      // Its Maps and Sets are built inside derivations and not changed afterwards: not state.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // The runtime re-implements JavaScript's own promise and async machinery for the isolate.
    files: ['sandbox/runtime/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-this-alias': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Built-in methods are captured once and called with an explicit receiver.
      '@typescript-eslint/unbound-method': 'off',
      // Coroutines are generator functions; some finish without ever waiting.
      'require-yield': 'off',
    },
  },
  {
    // Tests read JSON answers, which are untyped; their assertions check the shape.
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
