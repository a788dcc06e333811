/** Statements on a PostgreSQL server's maintenance database (pg-admin.js). */
export function onServer(url: string, statements: string[]): Promise<void>;
