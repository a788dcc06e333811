import type { ReactNode } from 'react';

// Every field: a visible label, an optional hint, and its error directly underneath,
// tied together with aria-describedby so screen readers announce them.
export function Field(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  optional?: boolean;
}) {
  const { id, label, hint, error, children, optional } = props;
  return (
    <div className="mb-5">
      <label htmlFor={id} className="block font-semibold mb-1">
        {label} {optional && <span className="font-normal text-stone-600">(optional)</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-stone-600 mb-1 text-[0.95rem]">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-red-800 font-semibold mb-1" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

export function describedBy(id: string, hint?: unknown, error?: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

export const inputClass = (error?: unknown) =>
  `block w-full rounded-md border-2 ${error ? 'border-red-700' : 'border-stone-500'} bg-white px-3 py-2 min-h-12 text-base`;
