'use client';

import { useState } from 'react';
import { IMPORT_FIELDS, IMPORT_FIELD_KEYS, mappingToSaved, suggestMapping, type ColumnMapping } from '../fields';
import { deleteImportMappingAction, saveImportMappingAction } from '../actions';
import { Button } from '../../ui/button';
import { inputClass } from '../../ui/field';

export type SavedMapping = { id: string; name: string; columns: Record<string, string> };

/** One choice per column (with the first row as an example), and saved mappings to use, save or delete. */
export function ColumnMapper(props: {
  headings: string[];
  example: string[];
  mapping: ColumnMapping;
  onChange: (m: ColumnMapping) => void;
  saved: SavedMapping[];
}) {
  const [saved, setSaved] = useState(props.saved);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function save() {
    const result = await saveImportMappingAction({
      name,
      columns: mappingToSaved(props.headings, props.mapping),
    });
    if (!result.ok)
      return setMessage({ error: true, text: Object.values(result.fieldErrors ?? {})[0] ?? result.error });
    setSaved(result.data);
    setMessage({ error: false, text: `Saved as “${name.trim()}”.` });
  }
  async function remove(id: string) {
    const result = await deleteImportMappingAction({ id });
    if (result.ok) setSaved(result.data);
  }

  return (
    <>
      {saved.length > 0 && (
        <div className="mb-5">
          <label htmlFor="saved-mapping" className="block font-semibold mb-1">
            Use a saved mapping
          </label>
          <div className="flex flex-wrap gap-2">
            <select
              id="saved-mapping"
              className={`${inputClass()} sm:w-auto`}
              defaultValue=""
              onChange={(e) => {
                const m = saved.find((s) => s.id === e.target.value);
                if (m) props.onChange(suggestMapping(props.headings, m.columns));
              }}
            >
              <option value="">Choose…</option>
              {saved.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            {saved.map((m) => (
              <Button key={m.id} type="button" variant="secondary" onClick={() => void remove(m.id)}>
                Delete “{m.name}”
              </Button>
            ))}
          </div>
        </div>
      )}
      <div className="grid gap-x-6 sm:grid-cols-2">
        {props.headings.map((h, i) => (
          <div key={i} className="mb-4">
            <label htmlFor={`column-${i}`} className="block font-semibold">
              Column “{h}”
            </label>
            <p id={`column-${i}-hint`} className="text-stone-600 text-sm truncate">
              First row: {props.example[i] || '(blank)'}
            </p>
            <select
              id={`column-${i}`}
              aria-describedby={`column-${i}-hint`}
              className={inputClass()}
              value={props.mapping[i] ?? ''}
              onChange={(e) => {
                const next = [...props.mapping];
                next[i] = e.target.value as ColumnMapping[number];
                props.onChange(next);
              }}
            >
              <option value="">Do not import</option>
              {IMPORT_FIELD_KEYS.map((f) => (
                <option key={f} value={f} disabled={props.mapping.includes(f) && props.mapping[i] !== f}>
                  {IMPORT_FIELDS[f].label}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div className="mb-5 flex flex-wrap items-end gap-2">
        <div className="grow">
          <label htmlFor="mapping-name" className="block font-semibold mb-1">
            Save this mapping for the next sheet
          </label>
          <input
            id="mapping-name"
            className={inputClass(message?.error)}
            value={name}
            placeholder="For example: North West officers"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <Button type="button" variant="secondary" onClick={() => void save()}>
          Save mapping
        </Button>
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'text-red-800 font-semibold' : ''}>
          {message.text}
        </p>
      )}
    </>
  );
}
