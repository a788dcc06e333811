/** Larger files get no preview: a preview is made from the whole file. */
export const PREVIEW_SOURCE_LIMIT = 30 * 1024 * 1024;

/** Whether a file of this (sniffed) type and size gets a preview: pictures and PDFs up to 30 MB. */
export function previewable(mime: string, size: number): boolean {
  return (mime === 'application/pdf' || mime.startsWith('image/')) && size <= PREVIEW_SOURCE_LIMIT;
}
