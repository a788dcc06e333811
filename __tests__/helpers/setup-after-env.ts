import { closeDb } from '@/lib/db/client';

// Server actions read the caller from the request (cookies, headers). Tests set the caller with
// actAs() from ./factories; the database behind every action stays real.
jest.mock('@/lib/auth/context', () => ({
  getRequestContext: async () => (globalThis as { __testContext?: unknown }).__testContext ?? { user: null, ip: 'test', userAgent: 'jest' },
}));
jest.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

afterAll(async () => {
  await closeDb();
});
