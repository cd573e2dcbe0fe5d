import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // dicom/ is pure, typed code that runs in workers, Node and the browser alike.
    files: ['src/dicom/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Layers import one way (ARCHITECTURE.md): dicom/ imports nothing of ours outside itself.
    files: ['src/dicom/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../app/*', '../viewer/*', '../dicomweb/*', '../server/*', '../../app/*', '../../viewer/*', '../../dicomweb/*', '../../server/*', 'react', '@cornerstonejs/*'] }],
    },
  },
  {
    // analysis/ is pure TypeScript on masks and volumes (workers, CLI): it imports dicom/ and nothing else of ours.
    files: ['src/analysis/**/*.ts'],
    ignores: ['src/analysis/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: ['../app/*', '../viewer/*', '../dicomweb/*', '../server/*', '../workers/*', '../cli/*', '../samples/*', 'react', '@cornerstonejs/*', 'node:*'] }],
    },
  },
  {
    // workers/ run dicom/ decoders: no UI, no rendering.
    files: ['src/workers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../app/*', '../viewer/*', '../server/*', 'react', '@cornerstonejs/core', '@cornerstonejs/tools'] }] },
  },
  {
    files: ['src/viewer/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../app/*', 'react'] }] },
  },
);
