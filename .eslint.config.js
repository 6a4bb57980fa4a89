// ESLint flat config, kept as a dotfile so the top level stays as the project asked;
// `npm run lint` passes it explicitly.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', 'node_modules/**', '.cache/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/routes/**'], message: 'Nothing imports a route module.' }] }],
    },
  },
  {
    // CommonJS tool configs (.dependency-cruiser.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    // Migrations work on any schema, before and after them.
    files: ['db/migrations/**', 'db/migrate.ts', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Layering: lib never reaches up into the domain; the domain never into routes or components.
    files: ['app/lib/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/domain/**', '**/routes/**', '**/components/**'], message: 'app/lib is below the domain.' }] }] },
  },
  {
    files: ['app/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/routes/**', '**/components/**', 'react', 'react-dom'], message: 'The domain knows no routes or React.' }] }] },
  },
);
