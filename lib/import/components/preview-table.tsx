'use client';

import { useMemo, useState } from 'react';
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from '../fields';
import type { PreviewRow } from '../preview-rows';
import type { DuplicatePolicy } from '../schemas';
import { Badge } from '../../ui/feedback';
import { Button } from '../../ui/button';
import { inputClass } from '../../ui/field';

const PAGE = 25;

/**
 * Every row's problems, rows with problems first, then members already on Reinstate, then the rest; a page
 * of 25 at a time, so a sheet of thousands never draws thousands of rows. A row is fixed here and checked again.
 */
export function PreviewTable(props: {
  preview: PreviewRow[];
  headings: string[];
  mapping: ColumnMapping;
  rows: { line: number; cells: string[] }[];
  duplicates: DuplicatePolicy;
  decisions: Record<string, 'skip' | 'update'>;
  onDecide: (line: number, d: 'skip' | 'update') => void;
  onFix: (line: number, cells: string[]) => Promise<void>;
  busy: boolean;
}) {
  const [page, setPage] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  const ordered = useMemo(() => {
    const rank = (r: PreviewRow) => (r.problems.length ? 0 : r.match ? 1 : 2);
    return [...props.preview].sort((a, b) => rank(a) - rank(b) || a.line - b.line);
  }, [props.preview]);
  const bad = props.preview.filter((r) => r.problems.length).length;
  const matched = props.preview.filter((r) => !r.problems.length && r.match).length;
  const pages = Math.max(1, Math.ceil(ordered.length / PAGE));
  const shown = ordered.slice(page * PAGE, page * PAGE + PAGE);
  const cellsOf = new Map(props.rows.map((r) => [r.line, r.cells]));

  return (
    <>
      <p className="mb-3 text-lg" role="status">
        <strong>{(props.preview.length - bad).toLocaleString('en-GB')}</strong> rows are ready,{' '}
        <strong>{bad.toLocaleString('en-GB')}</strong> {bad === 1 ? 'has problems' : 'have problems'}
        {matched ? `, ${matched.toLocaleString('en-GB')} already on Reinstate` : ''}.
        {bad > 0 && ' Rows with problems are listed first: fix them here, or import the rest and fix them later.'}
      </p>
      <ul className="grid gap-3 mb-4" aria-label="Rows of the sheet">
        {shown.map((r) => (
          <li
            key={r.line}
            className={`rounded-lg border-2 p-4 bg-white ${r.problems.length ? 'border-red-700' : 'border-stone-300'}`}
          >
            <div className="flex flex-wrap items-baseline gap-2">
              <span className="font-bold">Row {r.line}</span>
              <span>{r.name}</span>
              {r.problems.length ? (
                <Badge tone="bad">{r.problems.length === 1 ? '1 problem' : `${r.problems.length} problems`}</Badge>
              ) : r.match ? (
                <Badge tone="warning">Already on Reinstate</Badge>
              ) : (
                <Badge tone="good">Ready</Badge>
              )}
            </div>
            {r.problems.length > 0 && (
              <ul className="list-disc ml-6 mt-2 text-red-900">
                {r.problems.map((p, i) => (
                  <li key={i}>
                    {p.field in IMPORT_FIELDS ? `${IMPORT_FIELDS[p.field as ImportField].label}: ` : ''}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
            {r.match && (
              <p className="mt-2">
                Same {r.match.by} as <strong>{r.match.fullName}</strong>
                {r.match.references.length ? ` (${r.match.references.join(', ')})` : ''}.
              </p>
            )}
            {r.match && !r.problems.length && props.duplicates === 'review' && (
              <fieldset className="mt-2">
                <legend className="font-semibold">What should happen to row {r.line}?</legend>
                {(
                  [
                    ['skip', 'Skip this row'],
                    ['update', `Add the case to ${r.match.fullName}, filling in only their empty details`],
                  ] as const
                ).map(([value, text]) => (
                  <label key={value} className="flex items-center gap-2 min-h-12">
                    <input
                      type="radio"
                      name={`decision-${r.line}`}
                      value={value}
                      checked={props.decisions[String(r.line)] === value}
                      onChange={() => props.onDecide(r.line, value)}
                      className="w-5 h-5"
                    />
                    {text}
                  </label>
                ))}
              </fieldset>
            )}
            {editing === r.line ? (
              <RowEditor
                line={r.line}
                headings={props.headings}
                mapping={props.mapping}
                cells={cellsOf.get(r.line) ?? []}
                busy={props.busy}
                onCancel={() => setEditing(null)}
                onSave={async (cells) => {
                  await props.onFix(r.line, cells);
                  setEditing(null);
                }}
              />
            ) : (
              <Button type="button" variant="secondary" className="mt-2" onClick={() => setEditing(r.line)}>
                {r.problems.length ? 'Fix' : 'Change'} row {r.line}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav aria-label="Pages of rows" className="flex flex-wrap items-center gap-3 mb-6">
          <Button type="button" variant="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <Button type="button" variant="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </Button>
        </nav>
      )}
    </>
  );
}

function RowEditor(props: {
  line: number;
  headings: string[];
  mapping: ColumnMapping;
  cells: string[];
  busy: boolean;
  onCancel: () => void;
  onSave: (cells: string[]) => Promise<void>;
}) {
  const [cells, setCells] = useState(() => props.headings.map((_, i) => props.cells[i] ?? ''));
  return (
    <form
      method="post"
      className="mt-3 border-t border-stone-300 pt-3"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSave(cells);
      }}
    >
      <div className="grid gap-x-4 sm:grid-cols-2">
        {props.headings.map((h, i) => {
          const field = props.mapping[i];
          if (!field) return null;
          const id = `row-${props.line}-${i}`;
          return (
            <div key={i} className="mb-3">
              <label htmlFor={id} className="block font-semibold">
                {IMPORT_FIELDS[field].label} <span className="font-normal text-stone-600">(column “{h}”)</span>
              </label>
              <input
                id={id}
                className={inputClass()}
                value={cells[i]}
                onChange={(e) => setCells(cells.map((c, j) => (j === i ? e.target.value : c)))}
              />
            </div>
          );
        })}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={props.busy}>
          {props.busy ? 'Checking…' : `Save row ${props.line} and check again`}
        </Button>
        <Button type="button" variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
