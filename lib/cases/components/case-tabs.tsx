import Link from 'next/link';

type Tab = { id: string; label: string };

/**
 * The case's sections. On a phone every tab is on screen at once, as a grid of large boxes in rows —
 * nothing to discover by swiping sideways, and the one you are on can never be scrolled out of view.
 * From tablet width up they sit in one row (wrapping if ever needed) with the usual underline.
 * The current tab is marked for everyone: filled and bordered (not colour alone) and, for screen
 * readers, aria-current="page".
 */
export function CaseTabs({ reference, tabs, current }: { reference: string; tabs: readonly Tab[]; current: string }) {
  return (
    <nav aria-label="Case sections" className="mb-6 sm:border-b-2 sm:border-stone-300">
      <ul className="grid grid-cols-3 gap-2 sm:flex sm:flex-wrap sm:gap-1">
        {tabs.map((t) => {
          const active = t.id === current;
          return (
            <li key={t.id} className="min-w-0">
              <Link
                href={`/cases/${reference}${t.id === 'timeline' ? '' : `?tab=${t.id}`}`}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center justify-center min-h-12 px-2 text-center font-semibold no-underline rounded-md border-2 break-words
                  sm:rounded-none sm:border-0 sm:border-b-4 sm:px-4 sm:py-3 sm:-mb-0.5
                  ${active
                    ? 'bg-brand-700 border-brand-800 text-white hover:text-white sm:bg-transparent sm:text-stone-900 sm:hover:text-stone-900 sm:border-brand-700'
                    : 'bg-white border-stone-400 text-stone-800 sm:bg-transparent sm:border-transparent'}`}
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
