import { registerJobHandler } from '../jobs/queue';
import { buildMemberExport, giveUpMemberExport } from './build-export';
import { expireMemberExport } from './expire-export';

// A member's export is built by a job (lib/jobs/queue.ts, docs/decisions/0021 and 0026) in the server process,
// file by file, after the request that asked for it has been answered; the Account page polls its progress.
// A build whose server died starts again from the beginning (a fresh storage key; the half-written one is
// deleted). Its file is deleted by a second job, due when the download link runs out.

registerJobHandler(
  'MEMBER_EXPORT',
  async (id, { signal }) => {
    await buildMemberExport(id, { signal });
  },
  giveUpMemberExport,
);

registerJobHandler(
  'MEMBER_EXPORT_EXPIRY',
  async (id) => {
    await expireMemberExport(id);
  },
  async () => undefined, // tried again by nothing: the row keeps its expiry, and downloads are refused after it
);
