import { EXPORT_DAYS } from './export-rules';

// The README.txt at the top of a member's download: what each file is, in plain words.

export function readmeText(opts: { name: string; madeAt: Date; references: string[] }): string {
  const made = opts.madeAt.toLocaleString('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });
  const cases = opts.references.length
    ? `Your cases in this download: ${opts.references.join(', ')}.`
    : 'You have no cases with us yet, so there is no "cases" folder.';
  return `A COPY OF YOUR DATA
===================

Made for ${opts.name} on ${made} (UK time).

This is everything Reinstate holds about you that you can see when you sign in: your account, your details,
your cases and everything in them that is shared with you. ${cases}

Notes that caseworkers keep only for themselves are not in it, and nor is anything about other people.
If you want everything the network holds about you, including caseworkers' own notes, you can make a
subject access request: ask your caseworker or a coordinator.

Keep this file somewhere safe: it holds personal and sensitive information. The link to download it
stops working ${EXPORT_DAYS} days after it was made, and our copy of the file is deleted then.

HOW TO OPEN THE FILES
- Files ending .csv open in a spreadsheet (Excel, Numbers, LibreOffice, Google Sheets): one row per item.
- Files ending .json hold the same information as it is stored, for anyone who wants to load it into
  another program. Dates and times in them are in UTC (ISO 8601).
- Files ending .pdf, .txt, and the evidence files open as usual.

WHAT EACH FILE IS
account/account.json          Your account: name, email address, role, when it was made, whether you
                              get reminder emails, how you sign in (no password or secret codes).
account/your-details.json     Your details as we hold them: name, membership number, email address,
                              phone, postal address, branch, region and roles you have held.
account/sign-ins.csv          Each time you signed in: when, until when, and from which internet address
                              and browser.
account/account-activity.csv  What you did on your account (signing in and out, changing settings).
account/case-form-draft.json  A case form you started but did not send (only if there is one).

For each case, in cases/<case reference>/:
case.json                     The case: where it stands, what you want from it, the summary, when you
                              agreed to caseworker help, and your caseworkers.
sanctions.csv / .json         What the party did to you (suspension, expulsion ...), when, by whom, why.
timeline.csv / .json          The entries on your case's timeline, in date order.
evidence.csv / .json          Your evidence, one row per exhibit (E1, E2 ...), with where the file is in
                              this download and its SHA-256 fingerprint.
evidence/                     The evidence files themselves, as they were filed.
captured-posts.csv / .json    Posts and web pages captured as evidence: the web address, when it was
                              seen and its words.
letters.csv                   Letters filed on your case, with their PDF and text files.
letters/                      Each letter as a PDF and as plain text.
bundles.csv                   Bundles and reviews made for you to read (PDF), with their files.
bundles/                      Those PDFs.
deadlines.csv / .json         Deadlines on your case: when each is due, what started it, whether it was
                              met, waived or extended.
review.csv / .json            The fairness review of your case, as published to you (if there is one).
consent.csv                   When you agreed to (or withdrew from) caseworker help, and how.
activity.csv / .json          Who opened or changed your case and when, with their name and role, as
                              shown on your case's Activity tab.

CHECKING THE FILES
MANIFEST.txt and manifest.json list every file in this download with its size and SHA-256 fingerprint.
A fingerprint changes if even one letter of a file changes, so you (or anyone you give the files to) can
check that nothing was altered. On a computer:
  Windows:      certutil -hashfile "<file>" SHA256
  Mac or Linux: shasum -a 256 "<file>"
Evidence files also carry the fingerprint taken when they were first filed (evidence.csv): the two match.
`;
}
