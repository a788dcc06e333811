import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { SEARCH_MAX } from '../schemas';

/** The search page's own box: a plain GET form, so it works without JavaScript. */
export function SearchForm({ q, error, hint }: { q: string; error?: string; hint: string }) {
  return (
    <form method="get" action="/search" role="search" aria-label="Search cases" className="mb-6">
      <Field id="search-q" label="Search for" hint={hint} error={error}>
        <div className="flex flex-wrap gap-3">
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={SEARCH_MAX + 50}
            autoComplete="off"
            enterKeyHint="search"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy('search-q', hint, error)}
            className={`${inputClass(error)} flex-1 min-w-0 basis-64`}
          />
          <Button type="submit">Search</Button>
        </div>
      </Field>
    </form>
  );
}
