import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Every module keeps its tables in its own schema.ts; the platform's are *-schema.ts beside it.
  schema: ['./src/**/schema.ts', './src/platform/*-schema.ts'],
  out: './migrations',
});
