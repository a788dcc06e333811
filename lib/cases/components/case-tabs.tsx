import Link from '@/lib/ui/link';

type Tab = { id: string; label: string };

/**
 * The case's sections. On a phone every tab is on screen at once, as a grid of large boxes (three to a
 * row; four on a tablet): nothing to discover by swiping sideways, and the one you are on can never be
 * scrolled out of view. From laptop width, where all seven fit, they sit in one row (wrapping if ever
 * needed) with the usual underline. The current tab is marked for everyone — filled, or underlined, not
 * by colour alone — and, for screen readers, with aria-current="page".
 */
export function CaseTabs({ reference, tabs, current }: { reference: string; tabs: readonly Tab[]; current: string }) {
  return (
    <nav aria-label="Case sections" className="mb-6 lg:border-b-2 lg:border-stone-300">
      <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4 lg:flex lg:flex-wrap lg:gap-1">
        {tabs.map((t) => {
          const active = t.id === current;
          return (
            <li key={t.id} className="min-w-0">
              <Link
                href={`/cases/${reference}${t.id === 'timeline' ? '' : `?tab=${t.id}`}`}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center justify-center min-h-12 px-2 text-center font-semibold no-underline rounded-md border-2 break-words
                  lg:rounded-none lg:border-0 lg:border-b-4 lg:px-4 lg:py-3 lg:-mb-0.5
                  ${
                    active
                      ? 'bg-brand-700 border-brand-800 text-white hover:text-white lg:bg-transparent lg:text-stone-900 lg:hover:text-stone-900 lg:border-brand-700'
                      : 'bg-white border-stone-400 text-stone-800 lg:bg-transparent lg:border-transparent'
                  }`}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
