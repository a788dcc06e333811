import { BODY, heading } from './blocks';
import { MUTED, Writer, type PdfPart } from './writer';

// A plain-text exhibit (a .txt file, a chat export): typeset as it is, line breaks and indentation
// kept, long lines wrapped at the margin, any character DejaVu Sans draws (others show as "�").

export async function renderTextEvidence(t: { title: string; text: string }): Promise<PdfPart> {
  const w = new Writer({ title: t.title });
  heading(w, t.title, 13, { after: 8 });
  const text = t.text.replace(/^\uFEFF/, '').replace(/\s+$/, '');
  if (text.trim() === '') w.paragraph('This file holds no text.', { ...BODY, color: MUTED });
  else w.paragraph(text, BODY);
  return w.finish();
}
