'use client';

import type { FieldErrors, FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { ROLES_HELD } from '../labels';
import { Field, describedBy, inputClass } from '../../ui/field';
import { registerWithValue, ssrChecked } from '../../ui/ssr-default';

type Option = { id: string; name: string };
export type BranchOption = Option & { regionId: string };

/**
 * The member's details as form fields (name, membership number, email, phone, postal address, region,
 * branch, roles): the same on the form staff use to open a case and on the edit form.
 * `email`: 'edit' shows the box; 'locked' shows the account's address as text (changed from the account).
 */
export function PersonFields<V extends FieldValues>(props: {
  form: UseFormReturn<V>;
  regions: Option[];
  branches: BranchOption[];
  email: 'edit' | { locked: string } | 'none';
  nameLabel: string;
  forMember?: boolean;
}) {
  const { form, regions, branches, email, nameLabel, forMember } = props;
  const e = form.formState.errors as FieldErrors;
  const regionId = form.watch('regionId' as Path<V>) as string | undefined;
  const err = (name: string) => (e[name]?.message as string | undefined) ?? undefined;
  const text = (
    name: string,
    label: string,
    opts: { hint?: string; optional?: boolean; autoComplete?: string; type?: string; multiline?: boolean } = {},
  ) => (
    <Field id={name} label={label} hint={opts.hint} optional={opts.optional} error={err(name)}>
      {opts.multiline ? (
        <textarea
          id={name}
          rows={4}
          className={inputClass(e[name])}
          aria-invalid={!!e[name]}
          aria-describedby={describedBy(name, opts.hint, e[name])}
          {...registerWithValue(form, name as Path<V>)}
        />
      ) : (
        <input
          id={name}
          type={opts.type ?? 'text'}
          autoComplete={opts.autoComplete}
          className={inputClass(e[name])}
          aria-invalid={!!e[name]}
          aria-describedby={describedBy(name, opts.hint, e[name])}
          {...registerWithValue(form, name as Path<V>)}
        />
      )}
    </Field>
  );
  const select = (name: 'regionId' | 'branchId', label: string, options: Option[], hint?: string) => (
    <Field id={name} label={label} hint={hint} optional error={err(name)}>
      <select
        id={name}
        className={inputClass(e[name])}
        aria-invalid={!!e[name]}
        aria-describedby={describedBy(name, hint, e[name])}
        {...registerWithValue(form, name as Path<V>)}
      >
        <option value="">Not known</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <>
      {text('fullName', nameLabel, { autoComplete: 'off' })}
      {text('membershipNumber', 'Membership number', {
        optional: true,
        hint: 'On the membership card or emails from the party.',
      })}
      {email === 'edit' &&
        text('email', 'Email address', {
          optional: true,
          type: 'email',
          hint: 'Leave blank if they do not use email.',
        })}
      {typeof email === 'object' && (
        <div className="mb-5">
          <p className="font-semibold mb-1">Email address</p>
          <p>{email.locked}</p>
          <p className="text-stone-600 text-[0.95rem]">
            {forMember
              ? 'You sign in with this address, so it is not changed here.'
              : 'The member signs in with this address, so it is not changed here.'}
          </p>
        </div>
      )}
      {text('phone', 'Phone number', { optional: true, type: 'tel' })}
      {text('postalAddress', 'Postal address', {
        optional: true,
        multiline: true,
        hint: forMember
          ? 'Used on letters written for you, so you need not type it each time.'
          : 'Used on letters written for them.',
      })}
      {select('regionId', 'Region', regions)}
      {select(
        'branchId',
        'Local branch',
        branches.filter((b) => !regionId || b.regionId === regionId),
        forMember
          ? 'If your branch is not listed, leave this blank and tell your caseworker.'
          : 'If the branch is not listed, leave this blank and say so in the summary.',
      )}
      <fieldset className="mb-5">
        <legend className="font-semibold mb-1">
          Roles held <span className="font-normal text-stone-600">(optional)</span>
        </legend>
        <p className="text-stone-600 mb-2">
          {forMember ? 'Tick all that you held at the time it happened.' : 'Tick all that applied at the time.'}
        </p>
        {ROLES_HELD.map((r) => (
          <label key={r} className="flex items-center gap-3 min-h-11 cursor-pointer">
            <input
              type="checkbox"
              value={r}
              className="size-6"
              {...ssrChecked(form, 'rolesHeld' as Path<V>, r)}
              {...form.register('rolesHeld' as Path<V>)}
            />{' '}
            {r}
          </label>
        ))}
      </fieldset>
    </>
  );
}
