import { db } from '../db/client';
import { canImportCases, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import type { z } from 'zod';
import type { deleteMappingSchema, saveMappingSchema } from './schemas';

type Ctx = { ip: string | null; userAgent: string | null };

/** The saved column mappings, newest first (coordinators share them: a region sends the same sheet again). */
export async function listImportMappings(actor: Actor) {
  if (!canImportCases(actor)) throw new NotFoundError();
  const rows = await db.importMapping.findMany({
    orderBy: { updatedAt: 'desc' },
    take: 100,
    select: { id: true, name: true, columns: true },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, columns: r.columns as Record<string, string> }));
}

/** Saves a mapping under its name; saving again under the same name replaces it. */
export async function saveImportMapping(actor: Actor, input: z.output<typeof saveMappingSchema>, ctx: Ctx) {
  if (!canImportCases(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const row = await tx.importMapping.upsert({
      where: { name: input.name },
      create: { name: input.name, columns: input.columns, createdById: actor.id },
      update: { columns: input.columns },
      select: { id: true, name: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'import-mapping.save',
      entityType: 'ImportMapping',
      entityId: row.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return row;
  });
}

export async function deleteImportMapping(actor: Actor, input: z.output<typeof deleteMappingSchema>, ctx: Ctx) {
  if (!canImportCases(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const gone = await tx.importMapping.deleteMany({ where: { id: input.id } });
    if (!gone.count) throw new NotFoundError();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'import-mapping.delete',
      entityType: 'ImportMapping',
      entityId: input.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: input.id };
  });
}
