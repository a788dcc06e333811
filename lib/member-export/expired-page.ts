import { EXPORT_DAYS } from './export-rules';

/** The page a member sees when they open a download link that has run out (a plain page: no scripts). */
export function expiredPage(): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>This download has run out · Reinstate</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1c1917}
a{color:#1d4ed8;font-weight:600}</style></head>
<body>
<h1>This download has run out</h1>
<p>A download of your data works for ${EXPORT_DAYS} days, or until you ask for a newer one. After that we delete our copy of the file, to keep your information safe.</p>
<p>You can ask for a new one at any time from your account page.</p>
<p><a href="/account#download-my-data">Go to your account</a></p>
</body>
</html>
`;
}
