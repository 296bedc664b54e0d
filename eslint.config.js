import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'oclif.manifest.json'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error'],
    },
  },
  // Only the output layer, the bin entry and scripts may print.
  { files: ['src/lib/output/**', 'bin/**', 'scripts/**', 'test/**'], rules: { 'no-console': 'off' } },
)
