import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/require-user';
import { canImportCases } from '@/lib/auth/policy';
import { listImportMappings } from '@/lib/import/mappings';
import { ImportWizard } from '@/lib/import/components/import-wizard';
import { PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Import a spreadsheet' };

/** The spreadsheet import: coordinators only (anyone else gets "page not found"). */
export default async function ImportPage() {
  const { user } = await requirePageUser();
  if (!canImportCases(user)) notFound();
  const mappings = await listImportMappings(user);
  return (
    <>
      <PageHeader title="Import a spreadsheet">
        <p>
          Open a case for each member on a sheet, for example a region’s list of suspended branch officers. Nothing is
          imported until you have checked every row, and then either all the rows you chose go in or nothing does.
        </p>
      </PageHeader>
      <ImportWizard savedMappings={mappings} />
    </>
  );
}
