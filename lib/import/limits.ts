// Limits on a sheet, shared by the reader, the request schemas and the page (no server code here).
export const MAX_SHEET_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 5000;
export const MAX_COLUMNS = 60;
export const MAX_CELL = 10_000;
