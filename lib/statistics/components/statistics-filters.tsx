import { inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { DIMENSION_LABELS, ROLE_GROUPS, ROLE_GROUP_KEYS } from '../dimensions';
import type { StatisticsFilters } from '../filters';
import { labelChoices, optionsMaker, type Choice } from '../../ui/markup';

type Option = { id: string; name: string };

// The options as HTML, made once per list (lib/ui/markup.ts): 130 option elements on every request were
// rendered twice, the page and its RSC payload, like the case list's before it.
const optionsHtml = optionsMaker();
const SANCTION_CHOICES = labelChoices(DIMENSION_LABELS.sanctionType);
const REASON_CHOICES = labelChoices(DIMENSION_LABELS.reason);
const ROLE_CHOICES: Choice[] = ROLE_GROUP_KEYS.map((k) => ({ value: k, label: ROLE_GROUPS[k].label }));
const STAGE_CHOICES = labelChoices(DIMENSION_LABELS.stage);
const OUTCOME_CHOICES = [...labelChoices(DIMENSION_LABELS.outcome), { value: 'NONE', label: 'Not known yet' }];
const SUSPENDED_CHOICES: Choice[] = [
  { value: 'yes', label: 'Still suspended' },
  { value: 'no', label: 'Not suspended now' },
];

/** A select of fixed `choices`, or of the regions or branches `named` (the filter cache's array, kept as it is). */
function Select(props: {
  id: keyof StatisticsFilters;
  label: string;
  value?: string;
  choices?: Choice[];
  named?: Option[];
}) {
  const { choices, named = [] } = props;
  const html = optionsHtml(
    choices ?? named,
    () => choices ?? named.map((o) => ({ value: o.id, label: o.name })),
    props.value ?? '',
  );
  return (
    <div>
      <label htmlFor={`f-${props.id}`} className="block font-semibold mb-1">
        {props.label}
      </label>
      <select
        id={`f-${props.id}`}
        name={props.id}
        className={inputClass()}
        dangerouslySetInnerHTML={{ __html: html }}
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
      <Select id="sanctionType" label="Current sanction" value={filters.sanctionType} choices={SANCTION_CHOICES} />
      <Select id="reason" label="Stated reason" value={filters.reason} choices={REASON_CHOICES} />
      <Select id="role" label="Role held" value={filters.role} choices={ROLE_CHOICES} />
      <Select id="stage" label="Stage" value={filters.stage} choices={STAGE_CHOICES} />
      <Select id="outcome" label="Outcome" value={filters.outcome} choices={OUTCOME_CHOICES} />
      <Select id="regionId" label="Region" value={filters.regionId} named={regions} />
      <Select id="branchId" label="Branch" value={filters.branchId} named={branches} />
      <Select id="suspended" label="Still suspended" value={filters.suspended} choices={SUSPENDED_CHOICES} />
      <div>
        <Button type="submit" variant="secondary">
          Apply filters
        </Button>
      </div>
    </form>
  );
}
