import { INK, LEFT, MUTED, RIGHT, RULE, leading, type Style, type Writer } from './writer';

// The few building blocks every page of a bundle is made of: headings, label–value lists, a boxed
// note. Sizes: 11 pt body, 9–10 pt for tables and small print.

export const BODY: Style = { face: 'regular', size: 11 };
export const BODY_BOLD: Style = { face: 'bold', size: 11 };
export const SMALL: Style = { face: 'regular', size: 9, color: MUTED };
export const TABLE: Style = { face: 'regular', size: 9.5 };
export const TABLE_BOLD: Style = { face: 'bold', size: 9.5 };

/** A heading kept with at least `keep` points of what follows it. */
export function heading(
  w: Writer,
  text: string,
  size = 16,
  opts: { keep?: number; after?: number; before?: number } = {},
): void {
  const style: Style = { face: 'bold', size };
  const width = RIGHT - LEFT;
  if (!w.atPageTop) w.gap(opts.before ?? 0);
  w.ensure(w.heightOf(text, style, width) + (opts.keep ?? leading(BODY) * 2));
  w.paragraph(text, style, { after: opts.after ?? size * 0.5 });
}

/** A label: value pair; a null value reads "Not recorded". `mono` sets the value in DejaVu Sans Mono at `monoSize`. */
export type KeyValue = [label: string, value: string | null, mono?: { monoSize: number }];

/** Label: value pairs, the label bold in its own column; empty values say so rather than vanish. */
export function keyValues(w: Writer, rows: KeyValue[], opts: { labelWidth?: number; size?: number } = {}): void {
  const size = opts.size ?? 10.5;
  const label: Style = { face: 'bold', size };
  const labelWidth = opts.labelWidth ?? 130;
  const valueX = LEFT + labelWidth;
  const valueWidth = RIGHT - valueX;
  for (const [name, v, mono] of rows) {
    const value: Style = mono
      ? { face: 'mono', size: mono.monoSize }
      : { face: 'regular', size, color: v === null ? MUTED : INK };
    const labelLines = w.wrap(name, label, labelWidth - 8);
    const valueLines = w.wrap(v ?? 'Not recorded', value, valueWidth);
    const lh = Math.max(leading(value), leading(label));
    const n = Math.max(labelLines.length, valueLines.length);
    // A pair stays together unless it is longer than a page.
    w.ensure(Math.min(n, 6) * lh);
    for (let i = 0; i < n; i++) {
      w.ensure(lh);
      w.drawLine(labelLines[i] ?? '', LEFT, w.y, label);
      w.drawLine(valueLines[i] ?? '', valueX, w.y, value);
      w.y += lh;
    }
    w.gap(size * 0.35);
  }
}

/** Text in a thin box, e.g. why an exhibit could not be reproduced. Moves to a new page whole if it can. */
export function noteBox(w: Writer, text: string, style: Style = { face: 'regular', size: 10.5 }): void {
  const pad = 8;
  const width = RIGHT - LEFT - pad * 2;
  const lines = w.wrap(text, style, width);
  const lh = leading(style);
  const height = lines.length * lh + pad * 2;
  w.ensure(height);
  if (w.y + height <= w.limit) {
    w.pdf
      .save()
      .lineWidth(0.8)
      .strokeColor(RULE)
      .rect(LEFT, w.y, RIGHT - LEFT, height)
      .stroke()
      .restore();
    let y = w.y + pad;
    for (const line of lines) {
      w.drawLine(line, LEFT + pad, y, style);
      y += lh;
    }
    w.y += height;
  } else {
    w.paragraph(text, style); // longer than a page: no box
  }
}
