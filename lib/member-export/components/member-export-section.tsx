import type { Actor } from '@/lib/auth/policy';
import { canExportOwnData } from '@/lib/auth/policy';
import { findLatestMemberExport } from '@/lib/member-export/get-export-status';
import { EXPORT_DAYS } from '@/lib/member-export/export-rules';
import { MemberExportPanel } from '@/lib/member-export/components/member-export-panel';

/** The Account page's "Download my data" section: members only (staff have no case about themselves). */
export async function MemberExportSection({ user }: { user: Actor }) {
  if (!canExportOwnData(user)) return null;
  const latest = await findLatestMemberExport(user);
  const initial = latest && {
    id: latest.id,
    status: latest.status,
    progress: latest.progress,
    progressNote: latest.progressNote,
    error: latest.error,
    sizeBytes: latest.sizeBytes,
    fileCount: latest.fileCount,
    expiresAt: latest.expiresAt?.toISOString() ?? null,
    expired: latest.expired,
  };
  return (
    <section aria-labelledby="download-my-data" className="mb-6">
      <h2 id="download-my-data" className="text-xl font-bold mb-2">
        Download my data
      </h2>
      <MemberExportPanel initial={initial} days={EXPORT_DAYS} />
    </section>
  );
}
