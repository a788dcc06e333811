// Statements on a PostgreSQL server's maintenance database: CREATE and DROP DATABASE, which cannot run in a
// transaction or on the database they name. Used by global-setup.ts, global-teardown.ts and environment.js.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: environment.js loads it as it is */
const { Client } = require('pg');

/** @param {string} url a database on the server @param {string[]} statements */
async function onServer(url, statements) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

module.exports = { onServer };
