'use client';

import Link from '@/lib/ui/link';
import { useEffect, useState } from 'react';
import type { ColumnMapping } from '../fields';
import type { PreviewRow } from '../preview-rows';
import type { DuplicatePolicy } from '../schemas';
import { Alert } from '../../ui/feedback';
import { Button } from '../../ui/button';

type Result = {
  imported: { line: number; reference: string; name: string }[];
  rejected: { line: number; reason: string }[];
  rejectedCsv: string | null;
};

const POLICIES: [DuplicatePolicy, string, string][] = [
  ['skip', 'Skip them', 'Their rows are not imported and come back in the file of rows not imported.'],
  [
    'update',
    'Add the case to the person already on Reinstate',
    'Only details they have no value for yet are filled in.',
  ],
  ['review', 'Decide one by one', 'Choose for each of those rows above.'],
];

/** What to do with members already on Reinstate, then the import with its progress bar, then the result. */
export function ImportRun(props: {
  sheet: { fileName: string; headings: string[]; rows: { line: number; cells: string[] }[] };
  mapping: ColumnMapping;
  preview: PreviewRow[];
  duplicates: DuplicatePolicy;
  setDuplicates: (d: DuplicatePolicy) => void;
  decisions: Record<string, 'skip' | 'update'>;
}) {
  const [progress, setProgress] = useState<[number, number] | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [csvUrl, setCsvUrl] = useState<string | null>(null);
  useEffect(() => () => void (csvUrl && URL.revokeObjectURL(csvUrl)), [csvUrl]);

  const ready = props.preview.filter((r) => {
    if (r.problems.length) return false;
    if (!r.match) return true;
    const d = props.duplicates === 'review' ? props.decisions[String(r.line)] : props.duplicates;
    return d === 'update';
  }).length;
  const matched = props.preview.some((r) => r.match && !r.problems.length);

  async function run() {
    setError(null);
    setProgress([0, ready]);
    try {
      const res = await fetch('/api/import/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          fileName: props.sheet.fileName,
          headings: props.sheet.headings,
          mapping: props.mapping,
          rows: props.sheet.rows,
          duplicates: props.duplicates,
          decisions: props.decisions,
        }),
      });
      if (!res.body || !res.headers.get('content-type')?.includes('ndjson')) {
        const body = (await res.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? 'The import could not start.');
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const msg = JSON.parse(line) as
            | { progress: [number, number] }
            | { ok: true; data: Result }
            | { ok: false; error: string };
          if ('progress' in msg) setProgress(msg.progress);
          else if (msg.ok) {
            setResult(msg.data);
            if (msg.data.rejectedCsv)
              setCsvUrl(URL.createObjectURL(new Blob([msg.data.rejectedCsv], { type: 'text/csv;charset=utf-8' })));
          } else throw new Error(msg.error);
        }
      }
    } catch (err) {
      setError(
        `${err instanceof Error ? err.message : 'The import stopped.'} Nothing was imported: you can try again.`,
      );
    } finally {
      setProgress(null);
    }
  }

  if (result)
    return (
      <div>
        <Alert kind="success" title={`Imported ${result.imported.length.toLocaleString('en-GB')} cases`}>
          <p>
            Each is a case opened by staff, with the member’s agreement as the sheet stated it. They are in{' '}
            <Link href="/cases">All cases</Link>.
          </p>
          {result.imported.length > 0 && (
            <p className="mt-2">
              First: <Link href={`/cases/${result.imported[0]!.reference}`}>{result.imported[0]!.reference}</Link> (
              {result.imported[0]!.name})
            </p>
          )}
        </Alert>
        {result.rejected.length > 0 && csvUrl && (
          <Alert kind="warning" title={`${result.rejected.length.toLocaleString('en-GB')} rows were not imported`}>
            <p className="mb-2">The file has those rows as the sheet had them, with a “reason” column.</p>
            <a href={csvUrl} download={`not-imported-${props.sheet.fileName.replace(/\.\w+$/, '')}.csv`}>
              Download the rows not imported (CSV)
            </a>
          </Alert>
        )}
      </div>
    );

  return (
    <div className="mt-6">
      {matched && (
        <fieldset className="mb-5">
          <legend className="font-semibold text-lg mb-1">Members already on Reinstate</legend>
          <p className="text-stone-600 mb-2">Found by their membership number or email.</p>
          {POLICIES.map(([value, text, hint]) => (
            <label key={value} className="flex items-start gap-2 min-h-12 py-1">
              <input
                type="radio"
                name="duplicates"
                value={value}
                checked={props.duplicates === value}
                onChange={() => props.setDuplicates(value)}
                className="w-5 h-5 mt-1"
              />
              <span>
                {text}
                <span className="block text-stone-600 text-sm">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {error && <Alert title="Nothing was imported">{error}</Alert>}
      {progress ? (
        <div>
          <progress
            className="w-full h-4"
            max={Math.max(progress[1], 1)}
            value={progress[0]}
            aria-label="Import progress"
          />
          <p aria-live="polite">
            Importing: {progress[0].toLocaleString('en-GB')} of {progress[1].toLocaleString('en-GB')} rows. Please keep
            this page open.
          </p>
        </div>
      ) : (
        <Button type="button" onClick={() => void run()} disabled={ready === 0}>
          Import {ready.toLocaleString('en-GB')} {ready === 1 ? 'row' : 'rows'}
        </Button>
      )}
    </div>
  );
}
