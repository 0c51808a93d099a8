// Lint rules, after Payload's templates/website: Next's core-web-vitals rules and typescript-eslint, with the template's
// own rule levels. Its warnings fail `npm run lint` too (--max-warnings 0), so none pile up unread.
import js from '@eslint/js'
import nextPlugin from '@next/eslint-plugin-next'
import reactHooks from 'eslint-plugin-react-hooks'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores([
    '.next/**',
    'dist/**',
    'dist.building-*/**',
    'bench/.work/**',
    'coverage/**',
    '.data/**',
    '.test-media/**',
    'media/**',
    'next-env.d.ts',
    // Generated: by `payload generate:types`, `payload migrate:create` and `payload generate:importmap`.
    'src/payload-types.ts',
    'src/migrations/**',
    'src/app/(payload)/admin/importMap.js',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/ban-ts-comment': 'warn',
      '@typescript-eslint/no-empty-object-type': 'warn',
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'warn',
        {
          vars: 'all',
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^(_|ignore)',
        },
      ],
    },
  },
  // Plain scripts the server sends to browsers as they are (the sign-in and enrolment pages).
  {
    files: ['**/*.browser.js'],
    languageOptions: { globals: { ...globals.browser, SimpleWebAuthnBrowser: 'readonly' } },
  },
  // React and Next live in src/ only (the admin's components and the Next app); elsewhere `use` is just a name.
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended, nextPlugin.configs['core-web-vitals']],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The admin's panels show the media collection's own thumbnails inside Payload's admin, which serves them itself
    // (as Payload's own admin does, with <img>); next/image has no loader for them there.
    files: ['src/admin/**/*.tsx'],
    rules: { '@next/next/no-img-element': 'off' },
  },
  {
    // Tests read JSON answers of every shape; Payload's own test suite allows `any` in its integration tests too.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
