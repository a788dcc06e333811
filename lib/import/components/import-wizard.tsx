'use client';

import { useMemo, useState } from 'react';
import { IMPORT_FIELDS, missingRequired, suggestMapping, type ColumnMapping } from '../fields';
import { MAX_SHEET_BYTES } from '../limits';
import type { PreviewRow } from '../preview-rows';
import type { DuplicatePolicy } from '../schemas';
import { Alert } from '../../ui/feedback';
import { Button } from '../../ui/button';
import { ColumnMapper, type SavedMapping } from './column-mapper';
import { PreviewTable } from './preview-table';
import { ImportRun } from './import-run';

type Row = { line: number; cells: string[] };
type Sheet = { fileName: string; headings: string[]; rows: Row[] };
type Answer<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

async function post<T>(url: string, body: BodyInit, headers: Record<string, string>): Promise<Answer<T>> {
  try {
    const res = await fetch(url, { method: 'POST', body, headers });
    return (await res.json()) as Answer<T>;
  } catch {
    return { ok: false, error: 'We could not reach the server. Check your connection and try again.' };
  }
}

/** Choose a CSV → match its columns → check every row (fix them here) → import, with progress. */
export function ImportWizard({ savedMappings }: { savedMappings: SavedMapping[] }) {
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>([]);
  const [preview, setPreview] = useState<PreviewRow[] | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>('skip');
  const [decisions, setDecisions] = useState<Record<string, 'skip' | 'update'>>({});

  async function chooseFile(file: File | undefined) {
    setFileError(null);
    setSheet(null);
    setPreview(null);
    if (!file) return;
    if (file.size > MAX_SHEET_BYTES)
      return setFileError(`That file is too large: a sheet can be at most ${MAX_SHEET_BYTES / 1024 / 1024} MB.`);
    setBusy(true);
    const answer = await post<Omit<Sheet, 'fileName'>>('/api/import/sheet', file, {
      'content-type': file.type || 'text/csv',
      'x-file-name': encodeURIComponent(file.name),
    });
    setBusy(false);
    if (!answer.ok) return setFileError(answer.fieldErrors?.file ?? answer.error);
    const best = savedMappings.find((m) => answer.data.headings.some((h) => h.trim() in m.columns));
    setSheet({ fileName: file.name, ...answer.data });
    setMapping(suggestMapping(answer.data.headings, best?.columns));
  }

  async function check(rows: Row[] = sheet!.rows) {
    setCheckError(null);
    setBusy(true);
    const answer = await post<PreviewRow[]>('/api/import/check', JSON.stringify({ mapping, rows }), {
      'content-type': 'application/json',
    });
    setBusy(false);
    if (!answer.ok) return setCheckError(answer.error);
    setPreview(answer.data);
  }

  async function fixRow(line: number, cells: string[]) {
    const rows = sheet!.rows.map((r) => (r.line === line ? { line, cells } : r));
    setSheet({ ...sheet!, rows });
    await check(rows);
  }

  const missing = useMemo(() => missingRequired(mapping), [mapping]);

  return (
    <div className="grid gap-8">
      <section aria-labelledby="file-heading">
        <h2 id="file-heading" className="text-2xl font-bold mb-3">
          1. Choose the sheet
        </h2>
        <label htmlFor="import-file" className="block font-semibold mb-1">
          CSV file
        </label>
        <p id="import-file-hint" className="text-stone-600 mb-2">
          In Excel or Google Sheets save or download the sheet as “CSV UTF-8”. The first row must hold the column
          headings. Up to {MAX_SHEET_BYTES / 1024 / 1024} MB.
        </p>
        {fileError && (
          <p id="import-file-error" role="alert" className="text-red-800 font-semibold mb-1">
            <span aria-hidden="true">⚠ </span>
            {fileError}
          </p>
        )}
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby={fileError ? 'import-file-hint import-file-error' : 'import-file-hint'}
          onChange={(e) => void chooseFile(e.target.files?.[0])}
          className="block w-full min-h-12"
          disabled={busy}
        />
        {sheet && (
          <p className="mt-2" role="status">
            {sheet.fileName}: {sheet.rows.length.toLocaleString('en-GB')} rows, {sheet.headings.length} columns.
          </p>
        )}
      </section>

      {sheet && (
        <section aria-labelledby="map-heading">
          <h2 id="map-heading" className="text-2xl font-bold mb-3">
            2. Match the columns
          </h2>
          <ColumnMapper
            headings={sheet.headings}
            example={sheet.rows[0]?.cells ?? []}
            mapping={mapping}
            onChange={(m) => {
              setMapping(m);
              setPreview(null);
            }}
            saved={savedMappings}
          />
          {missing.length > 0 && (
            <Alert kind="warning" title="Some fields every case needs have no column yet">
              <p>{missing.map((f) => IMPORT_FIELDS[f].label).join(', ')}</p>
            </Alert>
          )}
          {checkError && <Alert title="The rows could not be checked">{checkError}</Alert>}
          <Button type="button" onClick={() => void check()} disabled={busy || missing.length > 0}>
            {busy ? 'Checking…' : 'Check the rows'}
          </Button>
        </section>
      )}

      {sheet && preview && (
        <section aria-labelledby="check-heading">
          <h2 id="check-heading" className="text-2xl font-bold mb-3">
            3. Check the rows
          </h2>
          <PreviewTable
            preview={preview}
            headings={sheet.headings}
            mapping={mapping}
            rows={sheet.rows}
            duplicates={duplicates}
            decisions={decisions}
            onDecide={(line, d) => setDecisions((x) => ({ ...x, [line]: d }))}
            onFix={fixRow}
            busy={busy}
          />
          <ImportRun
            sheet={sheet}
            mapping={mapping}
            preview={preview}
            duplicates={duplicates}
            setDuplicates={setDuplicates}
            decisions={decisions}
          />
        </section>
      )}
    </div>
  );
}
