import { inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { DIMENSION_LABELS, ROLE_GROUPS, ROLE_GROUP_KEYS } from '../dimensions';
import type { StatisticsFilters } from '../filters';

type Option = { id: string; name: string };

function Select(props: { id: keyof StatisticsFilters; label: string; value?: string; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={`f-${props.id}`} className="block font-semibold mb-1">
        {props.label}
      </label>
      <select id={`f-${props.id}`} name={props.id} defaultValue={props.value ?? ''} className={inputClass()}>
        <option value="">Any</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A plain GET form: works without JavaScript, and the address can be bookmarked or shared. */
export function StatisticsFiltersForm({
  filters,
  regions,
  branches,
}: {
  filters: StatisticsFilters;
  regions: Option[];
  branches: Option[];
}) {
  const entries = (o: Record<string, string>) => Object.entries(o);
  return (
    <form
      method="get"
      action="/statistics"
      aria-label="Filter the statistics"
      className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 items-end"
    >
      <Select
        id="sanctionType"
        label="Current sanction"
        value={filters.sanctionType}
        options={entries(DIMENSION_LABELS.sanctionType)}
      />
      <Select id="reason" label="Stated reason" value={filters.reason} options={entries(DIMENSION_LABELS.reason)} />
      <Select
        id="role"
        label="Role held"
        value={filters.role}
        options={ROLE_GROUP_KEYS.map((k) => [k, ROLE_GROUPS[k].label])}
      />
      <Select id="stage" label="Stage" value={filters.stage} options={entries(DIMENSION_LABELS.stage)} />
      <Select
        id="outcome"
        label="Outcome"
        value={filters.outcome}
        options={[...entries(DIMENSION_LABELS.outcome), ['NONE', 'Not known yet']]}
      />
      <Select id="regionId" label="Region" value={filters.regionId} options={regions.map((r) => [r.id, r.name])} />
      <Select id="branchId" label="Branch" value={filters.branchId} options={branches.map((b) => [b.id, b.name])} />
      <Select
        id="suspended"
        label="Still suspended"
        value={filters.suspended}
        options={[
          ['yes', 'Still suspended'],
          ['no', 'Not suspended now'],
        ]}
      />
      <div>
        <Button type="submit" variant="secondary">
          Apply filters
        </Button>
      </div>
    </form>
  );
}
