'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { createRegionAction, renameRegionAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { SettingsInput } from './settings-field';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.regionFieldsSchema));

/** Adds a region (regionId absent), or renames one at the name loaded. */
export function RegionForm({ regionId, was }: { regionId?: string; was?: { name: string } }) {
  const router = useRouter();
  const [done, setDone] = useState(false);
  const form = useForm<{ name: string }>({ resolver, defaultValues: { name: was?.name ?? '' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => (regionId && was ? renameRegionAction({ ...v, regionId, was }) : createRegionAction(v)),
    () => {
      setDone(true);
      if (!regionId) form.reset({ name: '' });
      router.refresh();
    },
  );
  const id = `region-${regionId ?? 'new'}`;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setDone(false);
        return submit(ev);
      }}
      noValidate
      aria-label={regionId ? `Rename the region ${was?.name}` : 'Add a region'}
      className="flex flex-wrap items-end gap-x-3"
    >
      {formError && (
        <div className="basis-full">
          <Alert title="Not saved">{formError}</Alert>
        </div>
      )}
      {done && (
        <div className="basis-full">
          <Alert kind="success">{regionId ? 'Renamed.' : 'Region added.'}</Alert>
        </div>
      )}
      <div className="grow min-w-0 [&>div]:mb-3">
        <SettingsInput
          id={id}
          label={regionId ? `Name of ${was?.name}` : 'New region’s name'}
          error={form.formState.errors.name?.message}
          reg={registerWithValue(form, 'name')}
        />
      </div>
      <Button type="submit" variant="secondary" className="mb-3" disabled={pending}>
        {pending ? 'Saving…' : regionId ? 'Rename' : 'Add region'}
      </Button>
    </form>
  );
}
