import { organisationDeadlineDefaults } from '../sync-deadlines';
import { DeadlineSettingsForm } from './deadline-controls';

export async function DeadlineSettingsPanel(props: {
  caseId: string;
  jurisdiction: string | null;
  appealWindowDays: number | null;
}) {
  const org = await organisationDeadlineDefaults();
  return <DeadlineSettingsForm {...props} orgJurisdiction={org.jurisdiction} orgAppealDays={org.appealDays} />;
}
