// ERASURE REPLAY CALL POINT (issue 13, point 3). scripts/restore.ts calls this once the database and the
// files are back: erasures made after the backup was taken must be applied again to the restored data, or a
// restore would bring an erased person back. The erasure work (lib/erasure/) fills this in; until then it
// only says there is nothing to replay.
export async function replayErasuresAfterRestore(log: (line: string) => void = console.log): Promise<void> {
  // Filled by the erasure work (lib/erasure/replay-erasures.ts): every line of KEY_DIR/erasures.log applied again.
  const { replayErasures } = await import('../erasure/replay-erasures');
  const { erasureLogPath } = await import('../erasure/erasure-log');
  const { closeDb } = await import('../db/client');
  try {
    const r = await replayErasures();
    log(
      r.entries === 0
        ? `No erasure log to replay (${erasureLogPath()} has no entries)`
        : `Erasures replayed from ${erasureLogPath()}: ${r.entries} in the log, ${r.replayed} applied again ` +
            `(${r.caseCount} case${r.caseCount === 1 ? '' : 's'}, ${r.filesDeleted} stored file${r.filesDeleted === 1 ? '' : 's'} deleted)`,
    );
  } finally {
    await closeDb(); // the embedded database is flushed and released before the script exits
  }
}
