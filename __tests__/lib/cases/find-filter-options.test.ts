import crypto from 'node:crypto';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { createBranch, updateBranch } from '@/lib/organisation/save-branch';
import { createRegion, renameRegion } from '@/lib/organisation/save-region';
import { updateTeamMember } from '@/lib/users/account-services';
import { ctx, makeBranch, makeUser } from '../../helpers/factories';

// The filter options are kept per process for 30 seconds (issue 11, point 6); a change made through
// the app must show on the next page in this process, not 30 seconds later.
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

test('a new or renamed region or branch shows in the options at once', async () => {
  const coordinator = await makeUser('COORDINATOR');
  const { region } = await makeBranch();
  const before = await findFilterOptions(false); // now kept
  const newBranch = `Branch ${crypto.randomUUID()}`;
  expect(names(before.branches)).not.toContain(newBranch);

  const made = await createBranch(coordinator, { name: newBranch, regionId: region.id, memberCount: 12 }, ctx);
  expect((await findFilterOptions(false)).branches).toContainEqual({
    id: made.id,
    name: newBranch,
    regionId: region.id,
  });

  const renamedBranch = `${newBranch} renamed`;
  await updateBranch(
    coordinator,
    {
      branchId: made.id,
      name: renamedBranch,
      regionId: region.id,
      memberCount: 12,
      was: { name: newBranch, regionId: region.id, constituency: null, memberCount: 12 },
    },
    ctx,
  );
  expect(names((await findFilterOptions(false)).branches)).toEqual(expect.arrayContaining([renamedBranch]));
  expect(names((await findFilterOptions(false)).branches)).not.toContain(newBranch);

  const newRegion = `Region ${crypto.randomUUID()}`;
  const r = await createRegion(coordinator, { name: newRegion }, ctx);
  expect(names((await findFilterOptions(false)).regions)).toContain(newRegion);
  await renameRegion(coordinator, { regionId: r.id, name: `${newRegion} renamed`, was: { name: newRegion } }, ctx);
  expect(names((await findFilterOptions(true)).regions)).toContain(`${newRegion} renamed`);
});

test('a member made a caseworker shows among the caseworkers at once', async () => {
  const coordinator = await makeUser('COORDINATOR');
  const member = await makeUser('MEMBER');
  expect(names((await findFilterOptions(true)).caseworkers)).not.toContain(member.name);
  await updateTeamMember(coordinator, { userId: member.id, role: 'CASEWORKER' }, ctx);
  expect((await findFilterOptions(true)).caseworkers).toContainEqual({ id: member.id, name: member.name });
});
