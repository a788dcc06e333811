'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { startBundleAction } from '../actions';
import { EXCLUSION_LABELS, MARK_LABELS, type BundlePlan, type PlanItem, type SectionId } from '../plan-types';
import { Button } from '../../ui/button';
import { Alert, Badge } from '../../ui/feedback';

const move = <T,>(list: T[], from: number, to: number): T[] => {
  if (to < 0 || to >= list.length) return list;
  const copy = [...list];
  const [x] = copy.splice(from, 1);
  copy.splice(to, 0, x!);
  return copy;
};

/**
 * The pre-flight: what goes in, in which order, and what is left out and why. Sections and items
 * move with buttons (keyboard and touch friendly); a left-out item can be included on purpose.
 * Only the order and the "include anyway" choices are sent; the server works out the rest again.
 */
export function PreflightEditor({ caseId, reference, plan }: { caseId: string; reference: string; plan: BundlePlan }) {
  const router = useRouter();
  const [sections, setSections] = useState(plan.sections);
  const [onPurpose, setOnPurpose] = useState<Set<string>>(new Set());
  const [provenance, setProvenance] = useState<Set<string>>(new Set());
  const [waiverAcknowledged, setWaiverAcknowledged] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Boxes ticked while the page was still plain HTML (a slow phone) are ticked on screen but not in state: taken
  // from the page once its code runs, so what is built is what is shown.
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const ticked = (attr: string) =>
      new Set(
        [...root.current!.querySelectorAll<HTMLInputElement>(`input[${attr}]:checked`)].map(
          (i) => i.getAttribute(attr)!,
        ),
      );
    const early = ticked('data-on-purpose');
    const earlyNotes = ticked('data-provenance');
    if (early.size) setOnPurpose(early);
    if (earlyNotes.size) setProvenance(earlyNotes);
  }, []);

  const setItems = (id: SectionId, items: PlanItem[]) =>
    setSections((all) => all.map((s) => (s.id === id ? { ...s, items } : s)));
  const flip = (set: Set<string>, ref: string) => {
    const next = new Set(set);
    if (next.has(ref)) next.delete(ref);
    else next.add(ref);
    return next;
  };
  const toggle = (ref: string) => setOnPurpose((set) => flip(set, ref));
  const toggleProvenance = (ref: string) => setProvenance((set) => flip(set, ref));
  // Privileged or without-prejudice material going to an outside body: the person must read the warning.
  const waiving =
    plan.audience === 'OUTSIDE' &&
    sections.some((s) => s.items.some((i) => onPurpose.has(i.ref) && i.marks.length > 0));
  const counts = sections
    .flatMap((s) => s.items)
    .reduce(
      (c, i) => {
        const inIt = i.exclusions.length === 0 || onPurpose.has(i.ref);
        return { in: c.in + (inIt ? 1 : 0), out: c.out + (inIt ? 0 : 1) };
      },
      { in: 0, out: 0 },
    );

  const build = async () => {
    setPending(true);
    setError(null);
    const res = await startBundleAction({
      caseId,
      purpose: plan.purpose,
      audience: plan.audience,
      choices: {
        sectionOrder: sections.map((s) => s.id),
        itemOrder: Object.fromEntries(sections.map((s) => [s.id, s.items.map((i) => i.ref)])),
        includeOnPurpose: [...onPurpose],
        includeProvenance: [...provenance],
        waiverAcknowledged: waiving && waiverAcknowledged,
      },
    }).catch(() => ({
      ok: false as const,
      error: 'We could not reach the server. Your choices are still here; please try again.',
    }));
    setPending(false);
    if (res.ok) router.push(`/cases/${reference}?tab=bundle&started=${res.data.id}`);
    else setError(res.error);
  };

  return (
    <div ref={root}>
      {error && <Alert title="Not started">{error}</Alert>}
      <p className="mb-4" aria-live="polite">
        {counts.in} item{counts.in === 1 ? '' : 's'} will go in; {counts.out} will be left out. The cover and the index
        always come first.
      </p>
      <ol className="grid gap-6">
        {sections.map((section, si) => (
          <li key={section.id} className="rounded-lg border-2 border-stone-300 bg-white p-4">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-xl font-bold">
                {si + 1}. {section.title}
              </h2>
              <div className="flex gap-2">
                <Button
                  variant="secondary"
                  aria-label={`Move ${section.title} up`}
                  disabled={si === 0}
                  onClick={() => setSections((s) => move(s, si, si - 1))}
                >
                  ↑
                </Button>
                <Button
                  variant="secondary"
                  aria-label={`Move ${section.title} down`}
                  disabled={si === sections.length - 1}
                  onClick={() => setSections((s) => move(s, si, si + 1))}
                >
                  ↓
                </Button>
              </div>
            </div>
            {section.id === 'chronology' && (
              <p className="text-sm mt-1">
                Made from the timeline ({section.eventIds?.length ?? 0} entries). Approximate dates are shown as such.
              </p>
            )}
            {section.id === 'chronology' && (section.hiddenEntries ?? 0) > 0 && (
              <p className="text-sm mt-1">
                {section.hiddenEntries} caseworker-only {section.hiddenEntries === 1 ? 'entry is' : 'entries are'} left
                out: they never go in a bundle for the member or an outside body.
              </p>
            )}
            {section.id === 'statement' && (
              <p className="text-sm mt-1">The member’s own account from the case summary.</p>
            )}
            {section.items.length === 0 && section.id !== 'chronology' && section.id !== 'statement' && (
              <p className="mt-2">Nothing in this section yet.</p>
            )}
            <ul className="grid gap-2 mt-3">
              {section.items.map((item, ii) => {
                const out = item.exclusions.length > 0 && !onPurpose.has(item.ref);
                return (
                  <li
                    key={item.ref}
                    className={`rounded-md border p-3 ${out ? 'border-amber-700 bg-amber-50' : 'border-stone-300'}`}
                  >
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div className="min-w-0">
                        <p className="font-semibold break-words">
                          {item.label} · {item.title}
                        </p>
                        <p className="text-sm">
                          {item.date ?? 'No date'}
                          {item.approximate && (
                            <>
                              {' '}
                              <Badge tone="warning">Approximate date</Badge>
                            </>
                          )}
                        </p>
                        {item.notes
                          .filter((n) => n !== 'The date is approximate')
                          .map((n) => (
                            <p key={n} className="text-sm">
                              {n}
                            </p>
                          ))}
                        {item.marks.length > 0 && (
                          <p className="text-sm mt-1">
                            {item.marks.map((m) => (
                              <Badge key={m} tone="warning">
                                {MARK_LABELS[m]}
                              </Badge>
                            ))}
                          </p>
                        )}
                        {item.exclusions.length > 0 && (
                          <div className="mt-1">
                            <p className="text-sm font-semibold">
                              {out ? 'Left out:' : 'Included on purpose, although:'}
                            </p>
                            <ul className="text-sm list-disc ml-5">
                              {item.exclusions.map((x) => (
                                <li key={x}>{EXCLUSION_LABELS[x]}</li>
                              ))}
                            </ul>
                            {item.canIncludeOnPurpose && (
                              <label className="flex items-center gap-2 mt-1 cursor-pointer min-h-11">
                                <input
                                  type="checkbox"
                                  className="size-6"
                                  data-on-purpose={item.ref}
                                  checked={onPurpose.has(item.ref)}
                                  onChange={() => toggle(item.ref)}
                                />
                                <span>Include it anyway</span>
                              </label>
                            )}
                          </div>
                        )}
                        {item.provenance && (item.exclusions.length === 0 || onPurpose.has(item.ref)) && (
                          <div className="mt-1 text-sm">
                            <p>
                              Where it came from: <q className="break-words">{item.provenance}</q>
                            </p>
                            <label className="flex items-center gap-2 cursor-pointer min-h-11">
                              <input
                                type="checkbox"
                                className="size-6"
                                data-provenance={item.ref}
                                checked={provenance.has(item.ref)}
                                onChange={() => toggleProvenance(item.ref)}
                              />
                              <span>
                                Print this note on its divider
                                {plan.audience === 'OUTSIDE' ? ' (the readers will see who or where it came from)' : ''}
                                {item.provenanceHiddenFromMember && plan.audience !== 'STAFF'
                                  ? '. The member has not seen this note, so they will not be able to download this bundle.'
                                  : ''}
                              </span>
                            </label>
                          </div>
                        )}
                      </div>
                      <div className="flex gap-2">
                        <Button
                          variant="secondary"
                          aria-label={`Move ${item.label} up`}
                          disabled={ii === 0}
                          onClick={() => setItems(section.id, move(section.items, ii, ii - 1))}
                        >
                          ↑
                        </Button>
                        <Button
                          variant="secondary"
                          aria-label={`Move ${item.label} down`}
                          disabled={ii === section.items.length - 1}
                          onClick={() => setItems(section.id, move(section.items, ii, ii + 1))}
                        >
                          ↓
                        </Button>
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ol>
      {waiving && (
        <div className="mt-6">
          <Alert kind="warning" title="Privileged material is going to an outside body">
            <p>
              Disclosing privileged or “without prejudice” material to the party, a panel or a court may waive
              privilege: once they have read it, you may not be able to take it back. Each such item will be marked on
              its divider.
            </p>
            <label className="flex items-center gap-2 mt-2 cursor-pointer min-h-11">
              <input
                type="checkbox"
                className="size-6"
                checked={waiverAcknowledged}
                onChange={(e) => setWaiverAcknowledged(e.target.checked)}
              />
              <span>I understand, and I want to include it</span>
            </label>
          </Alert>
        </div>
      )}
      <div className="mt-6 flex flex-wrap gap-3">
        <Button onClick={build} disabled={pending || (waiving && !waiverAcknowledged)}>
          {pending ? 'Starting…' : 'Build the bundle'}
        </Button>
      </div>
    </div>
  );
}
