import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

const config = [
  ...coreWebVitals,
  ...typescript,
  // Layout is Prettier's (npm run lint checks it); eslint keeps to what formatting cannot catch.
  prettier,
  { ignores: ['lib/db/generated/**', '.next/**', 'node_modules/**', 'data/**', 'next-env.d.ts'] },
  {
    rules: {
      // Only lib/env.ts reads the environment (STYLE.md: "environment read and validated in one place").
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through getEnv() in lib/env.ts.' },
      ],
      // Links do not prefetch by default here (lib/ui/link.tsx says why).
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'next/link', message: "Import Link from '@/lib/ui/link' (it does not prefetch)." }] },
      ],
    },
  },
  { files: ['lib/ui/link.tsx'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['lib/env.ts', 'next.config.js', 'proxy.ts', 'scripts/**', '__tests__/**', 'jest*.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['*.config.js', 'next.config.js', '__tests__/e2e/support/sequencer.js', '__tests__/helpers/sequencer.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

export default config;
