import type { ComponentProps } from 'react';

const styles = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800 border-brand-800',
  secondary: 'bg-white text-stone-900 hover:bg-stone-100 border-stone-500',
  danger: 'bg-red-800 text-white hover:bg-red-900 border-red-900',
} as const;

export function Button({
  variant = 'primary',
  className = '',
  ...props
}: ComponentProps<'button'> & { variant?: keyof typeof styles }) {
  return (
    <button
      {...props}
      className={`inline-flex items-center justify-center rounded-md border-2 px-4 py-2 min-h-12 font-semibold disabled:opacity-60 disabled:cursor-wait ${styles[variant]} ${className}`}
    />
  );
}

export const linkButtonClass =
  'inline-flex items-center justify-center rounded-md border-2 px-4 py-2 min-h-12 font-semibold no-underline bg-brand-700 text-white hover:bg-brand-800 hover:text-white border-brand-800';
export const secondaryLinkButtonClass =
  'inline-flex items-center justify-center rounded-md border-2 px-4 py-2 min-h-12 font-semibold no-underline bg-white text-stone-900 hover:bg-stone-100 border-stone-500';
