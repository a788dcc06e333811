import { defineConfig } from 'prisma/config';

// The CLI is only used for `prisma generate` here: migrations are applied by
// scripts/migrate.ts through the WebAssembly schema engine (see docs/decisions/0001).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
