'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { createBranchAction, updateBranchAction } from '../actions';
import type { BranchFields } from '../schemas';
import { Field, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { SettingsInput } from './settings-field';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.branchFieldsSchema));

type Was = { name: string; regionId: string; constituency: string | null; memberCount: number };

/** Adds a branch (branchId absent), or changes one at the values loaded: name, region, constituency, member count. */
export function BranchForm({
  branchId,
  was,
  regions,
}: {
  branchId?: string;
  was?: Was;
  regions: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [done, setDone] = useState(false);
  const empty = { name: '', regionId: '', constituency: '', memberCount: 0 };
  const form = useForm<BranchFields>({
    resolver,
    defaultValues: was ? { ...was, constituency: was.constituency ?? '' } : empty,
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => (branchId && was ? updateBranchAction({ ...v, branchId, was }) : createBranchAction(v)),
    () => {
      setDone(true);
      if (!branchId) form.reset(empty);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  const id = (f: string) => `branch-${branchId ?? 'new'}-${f}`;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setDone(false);
        return submit(ev);
      }}
      noValidate
      aria-label={branchId ? `Change the branch ${was?.name}` : 'Add a branch'}
    >
      {formError && <Alert title="Not saved">{formError}</Alert>}
      {done && <Alert kind="success">{branchId ? 'Saved.' : 'Branch added.'}</Alert>}
      <div className="grid gap-x-4 md:grid-cols-2">
        <SettingsInput
          id={id('name')}
          label="Branch name"
          error={e.name?.message}
          reg={registerWithValue(form, 'name')}
        />
        <Field id={id('region')} label="Region" error={e.regionId?.message}>
          <select id={id('region')} className={inputClass(e.regionId)} {...registerWithValue(form, 'regionId')}>
            {!branchId && <option value="">Choose the region</option>}
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </Field>
        <SettingsInput
          id={id('constituency')}
          optional
          label="Parliamentary constituency"
          error={e.constituency?.message}
          reg={registerWithValue(form, 'constituency')}
        />
        <SettingsInput
          id={id('members')}
          numeric
          label="Number of members"
          hint="Used to hide figures about very small groups in statistics."
          error={e.memberCount?.message}
          reg={registerWithValue(form, 'memberCount')}
        />
      </div>
      <Button type="submit" variant={branchId ? 'secondary' : 'primary'} disabled={pending}>
        {pending ? 'Saving…' : branchId ? 'Save branch' : 'Add branch'}
      </Button>
    </form>
  );
}
