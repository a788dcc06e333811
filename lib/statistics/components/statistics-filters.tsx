import { inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { DIMENSION_LABELS, ROLE_GROUPS, ROLE_GROUP_KEYS } from '../dimensions';
import type { StatisticsFilters } from '../filters';
import { optionsMaker, type Choice } from '../../ui/markup';

type Option = { id: string; name: string };

// The options as HTML, made once per list (lib/ui/markup.ts): 130 option elements on every request were
// rendered twice, the page and its RSC payload, like the case list's before it.
const optionsHtml = optionsMaker();
const SUSPENDED: Choice[] = [
  { value: 'yes', label: 'Still suspended' },
  { value: 'no', label: 'Not suspended now' },
];
const ROLE_CHOICES: Choice[] = ROLE_GROUP_KEYS.map((k) => ({ value: k, label: ROLE_GROUPS[k].label }));
const labelled = (labels: Record<string, string>) => () =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

function Select(props: {
  id: keyof StatisticsFilters;
  label: string;
  value?: string;
  source: object;
  options: () => Choice[];
}) {
  return (
    <div>
      <label htmlFor={`f-${props.id}`} className="block font-semibold mb-1">
        {props.label}
      </label>
      <select
        id={`f-${props.id}`}
        name={props.id}
        className={inputClass()}
        dangerouslySetInnerHTML={{ __html: optionsHtml(props.source, props.options, props.value ?? '') }}
      />
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
        source={DIMENSION_LABELS.sanctionType}
        options={labelled(DIMENSION_LABELS.sanctionType)}
      />
      <Select
        id="reason"
        label="Stated reason"
        value={filters.reason}
        source={DIMENSION_LABELS.reason}
        options={labelled(DIMENSION_LABELS.reason)}
      />
      <Select id="role" label="Role held" value={filters.role} source={ROLE_CHOICES} options={() => ROLE_CHOICES} />
      <Select
        id="stage"
        label="Stage"
        value={filters.stage}
        source={DIMENSION_LABELS.stage}
        options={labelled(DIMENSION_LABELS.stage)}
      />
      <Select
        id="outcome"
        label="Outcome"
        value={filters.outcome}
        source={DIMENSION_LABELS.outcome}
        options={() => [...labelled(DIMENSION_LABELS.outcome)(), { value: 'NONE', label: 'Not known yet' }]}
      />
      <Select
        id="regionId"
        label="Region"
        value={filters.regionId}
        source={regions}
        options={() => regions.map((r) => ({ value: r.id, label: r.name }))}
      />
      <Select
        id="branchId"
        label="Branch"
        value={filters.branchId}
        source={branches}
        options={() => branches.map((b) => ({ value: b.id, label: b.name }))}
      />
      <Select
        id="suspended"
        label="Still suspended"
        value={filters.suspended}
        source={SUSPENDED}
        options={() => SUSPENDED}
      />
      <div>
        <Button type="submit" variant="secondary">
          Apply filters
        </Button>
      </div>
    </form>
  );
}
