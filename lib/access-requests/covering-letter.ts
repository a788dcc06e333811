import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatUkDate } from '../deadlines/working-days';
import { todayInUk } from '../dates/uk-today';
import type { AccessRequestDetail } from './access-request-services';

// The covering letter of a response, from templates/access-requests/covering-letter.txt (Handlebars, plain
// text: compiled with noEscape and strict, so a missing field is an error and nothing is HTML-escaped).
// The coordinator edits it before release; what they release is what is stored.

let compiled: HandlebarsTemplateDelegate | null = null;

function template(): HandlebarsTemplateDelegate {
  compiled ??= Handlebars.compile(
    fs.readFileSync(path.join(process.cwd(), 'templates', 'access-requests', 'covering-letter.txt'), 'utf8'),
    { noEscape: true, strict: true, knownHelpersOnly: true },
  );
  return compiled;
}

export function draftCoveringLetter(
  detail: Pick<AccessRequestDetail, 'personName' | 'receivedOn' | 'items'>,
  from: { organisation: string; signature: string },
): string {
  const redacted = detail.items.filter((i) => i.effective === 'REDACT').length;
  const withheld = detail.items.filter((i) => i.effective === 'WITHHOLD').length;
  return template()({
    name: detail.personName,
    organisation: from.organisation,
    signature: from.signature,
    receivedOn: formatUkDate(detail.receivedOn),
    today: formatUkDate(todayInUk()),
    redacted,
    redactedOne: redacted === 1,
    withheld,
    withheldOne: withheld === 1,
  }).replace(/\n{3,}/g, '\n\n');
}
