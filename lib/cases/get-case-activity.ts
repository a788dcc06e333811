import { db } from '../db/client';
import { caseScope, isStaff, type Actor } from '../auth/policy';
import { NotFoundError } from '../errors';

const PAGE = 100;

/** The audit trail of one case. Staff see every entry; the member sees who viewed or changed it, without addresses. */
export async function getCaseActivity(actor: Actor, caseId: string, page = 1) {
  const kase = await db.case.findFirst({ where: { AND: [{ id: caseId }, caseScope(actor)] }, select: { id: true } });
  if (!kase) throw new NotFoundError();
  const staff = isStaff(actor);
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where: { caseId } }),
    db.auditLog.findMany({
      where: { caseId },
      orderBy: { createdAt: 'desc' },
      skip: (Math.max(1, page) - 1) * PAGE,
      take: PAGE,
      select: { id: true, action: true, entityType: true, fields: true, createdAt: true, ip: staff, actor: { select: { name: true, role: true } } },
    }),
  ]);
  return { total, page, pageSize: PAGE, rows };
}
