import { Prisma } from '@/lib/db/generated/client';
import { toActionError } from '@/lib/action';

// How database errors a person can cause by being unlucky (not by a bug) are answered: a clear "try
// again", never "something went wrong on our side".
const prismaError = (code: string, message: string) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: '7' });

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

test.each([
  ['P2002', 'Unique constraint failed on the fields: (`name`)', /same moment/],
  ['P2034', 'Transaction failed due to a write conflict or a deadlock. Please retry your transaction', /same moment/],
  ['P2028', 'Transaction API error: Unable to start a transaction in the given time.', /busy with other changes/],
])('%s is answered as a conflict to try again, with nothing changed', (code, message, words) => {
  const answer = toActionError(prismaError(code, message));
  expect(answer).toMatchObject({ ok: false, code: 'conflict' });
  expect(answer.error).toMatch(words);
  expect(answer.error).toMatch(/nothing was changed/);
});

test('anything else is a server error with a reference, and is logged', () => {
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const answer = toActionError(prismaError('P2010', 'Raw query failed'));
  expect(answer).toMatchObject({ ok: false, code: 'server' });
  expect(answer.error).toMatch(/Reference [0-9a-f]{8}/);
  expect(logged).toHaveBeenCalled();
});
