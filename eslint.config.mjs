import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'apps/web/dist/**', '.embedded-pg/**', 'coverage/**', '**/*.js', '**/*.mjs', 'test-output/**'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @app/config only.' },
      ],
    },
  },
  { files: ['libs/config/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  // Test support stays out of production code: only specs, test/ and bench/ import it.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'geo/**/*.ts', 'migrations/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', '**/testing/**', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@app/testing', '@app/testing/*'], message: 'Test support is for specs, test/ and bench/ only.' }] },
      ],
    },
  },
  // Pure libraries (the *-model half of each pair, and the computational libs) hold no framework, database or queue:
  // what they compute is a function of their inputs, unit-tested without services.
  {
    files: [
      'libs/*-model/**/*.ts',
      'libs/geo/**/*.ts',
      'libs/domain/**/*.ts',
      'libs/optimizer/**/*.ts',
      'libs/consolidation/**/*.ts',
      'libs/routing/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'express'],
              message: 'Pure libs hold no framework, database or queue.',
            },
            {
              group: ['@app/*-service', '@app/database', '@app/jobs', '@app/access', '@app/config'],
              message: 'Pure libs do not call services.',
            },
            { group: ['@app/testing', '@app/testing/*'], message: 'Test support is for specs, test/ and bench/ only.' },
          ],
        },
      ],
    },
  },
);
