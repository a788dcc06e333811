import Link from '@/lib/ui/link';
import { OUTCOME_LABELS, REASON_LABELS, ROLES_HELD, SANCTION_TYPE_LABELS, STAGE_LABELS } from '../labels';
import type { CaseFilters } from '../find-cases';
import { labelChoices, optionsMaker, type Choice } from '../../ui/markup';

type Option = { id: string; name: string };
const selectClass = 'block w-full rounded-md border-2 border-stone-500 bg-white px-2 py-2 min-h-12';

// The options of each list as HTML, made once per list (lib/ui/markup.ts): rendered as elements, the ~180
// options were most of the case list's React work on every request, twice (the page and its RSC payload).
const optionsHtml = optionsMaker();

// A plain GET form: works without JavaScript, and the filters live in the address so they can be bookmarked.
export function CaseFiltersForm({
  filters,
  regions,
  branches,
  caseworkers,
  action = '/cases',
}: {
  filters: CaseFilters;
  regions: Option[];
  branches: Option[];
  caseworkers: Option[];
  action?: string;
}) {
  const select = (name: keyof CaseFilters, label: string, source: object, options: () => Choice[]) => (
    <div>
      <label htmlFor={`f-${name}`} className="block font-semibold mb-1">
        {label}
      </label>
      <select
        id={`f-${name}`}
        name={name}
        className={selectClass}
        dangerouslySetInnerHTML={{ __html: optionsHtml(source, options, String(filters[name] ?? '')) }}
      />
    </div>
  );
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label="Filter cases"
      className="bg-white rounded-lg border border-stone-300 p-4 mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
    >
      <div className="sm:col-span-2 lg:col-span-3">
        <label htmlFor="f-q" className="block font-semibold mb-1">
          Search by name or case reference
        </label>
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ''}
          placeholder="e.g. RS-2026-0042 or Jane"
          className={selectClass}
        />
      </div>
      {select('stage', 'Stage', STAGE_LABELS, () => labelChoices(STAGE_LABELS))}
      {select('outcome', 'Outcome', OUTCOME_LABELS, () => [
        { value: 'NONE', label: 'Not known yet' },
        ...labelChoices(OUTCOME_LABELS),
      ])}
      {select('sanctionType', 'What was imposed', SANCTION_TYPE_LABELS, () => labelChoices(SANCTION_TYPE_LABELS))}
      {select('reason', 'Reason given', REASON_LABELS, () => labelChoices(REASON_LABELS))}
      {select('role', 'Role held', ROLES_HELD, () => ROLES_HELD.map((r) => ({ value: r, label: r })))}
      {select('regionId', 'Region', regions, () => regions.map((r) => ({ value: r.id, label: r.name })))}
      {select('branchId', 'Branch', branches, () => branches.map((b) => ({ value: b.id, label: b.name })))}
      {caseworkers.length > 0 &&
        select('caseworkerId', 'Caseworker', caseworkers, () =>
          caseworkers.map((c) => ({ value: c.id, label: c.name })),
        )}
      <div className="flex items-end gap-3">
        <button
          type="submit"
          className="rounded-md border-2 border-brand-800 bg-brand-700 text-white font-semibold px-4 min-h-12"
        >
          Apply filters
        </button>
        <Link href="/cases" className="py-3">
          Clear
        </Link>
      </div>
    </form>
  );
}
