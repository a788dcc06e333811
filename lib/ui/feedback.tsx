import type { ReactNode } from 'react';

export function Alert({
  kind = 'error',
  title,
  children,
}: {
  kind?: 'error' | 'success' | 'info' | 'warning';
  title?: string;
  children?: ReactNode;
}) {
  const style = {
    error: 'border-red-700 bg-red-50',
    success: 'border-brand-600 bg-brand-50',
    info: 'border-sky-700 bg-sky-50',
    warning: 'border-amber-700 bg-amber-50',
  }[kind];
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={`border-l-8 ${style} p-4 mb-5 rounded`}>
      {title && <p className="font-bold">{title}</p>}
      {children}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border-2 border-dashed border-stone-400 p-6 text-center bg-white">
      <p className="text-lg font-semibold mb-2">{title}</p>
      <div className="text-stone-700">{children}</div>
    </div>
  );
}

type BadgeTone = 'neutral' | 'warning' | 'good' | 'bad';
const BADGE_TONES: Record<BadgeTone, string> = {
  neutral: 'bg-stone-200 text-stone-900',
  warning: 'bg-amber-100 text-amber-950 border border-amber-700',
  good: 'bg-brand-100 text-brand-800',
  bad: 'bg-red-100 text-red-900',
};
/** A badge's classes, for markup written as a string (the case list's rows). */
export const badgeClass = (tone: BadgeTone) =>
  `inline-block rounded px-2 py-0.5 text-sm font-semibold ${BADGE_TONES[tone]}`;

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: BadgeTone }) {
  return <span className={badgeClass(tone)}>{children}</span>;
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-6">
      <h1 className="text-3xl font-bold mb-2">{title}</h1>
      {children && <div className="text-stone-700">{children}</div>}
    </div>
  );
}
