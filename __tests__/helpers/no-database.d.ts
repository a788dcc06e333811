/** The test files that never open a database (no-database.js). */
declare const files: string[];
export = files;
