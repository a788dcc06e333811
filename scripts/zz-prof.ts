import { PrismaClient } from '../lib/db/generated/client';
import { openEngine } from '../lib/db/engine';
async function main() {
  const h = openEngine();
  const db = new PrismaClient({ adapter: h.factory, log: [{ emit: 'event', level: 'query' }] });
  db.$on('query', (e) => console.log(`${e.duration}ms`, e.query.slice(0, 1500)));
  const where = { AND: [{}] };
  await db.case.count({ where });
  console.log('----');
  await db.case.findMany({
      where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: 0, take: 25,
      select: {
        id: true, reference: true, status: true, appealStatus: true, createdAt: true, updatedAt: true,
        person: { select: { fullName: true, branch: { select: { name: true } }, region: { select: { name: true } } } },
        sanctions: { orderBy: { createdAt: 'desc' }, take: 1, select: { type: true } },
        assignments: { where: { endedAt: null }, select: { caseworker: { select: { id: true, name: true } } } },
      },
  });
  process.exit(0);
}
main();
