// Jest's Node environment, and two things more.
//
// 1. A file whose top docblock says `@database own` gets a database of its own on a PostgreSQL server (with PGlite
//    every file already has its own copy). On a server the files share one database, which is right for files that
//    make their own cases, users and branches, and wrong for a file that changes what every case reads: the
//    organisation's default windows (settings.test.ts) moved another file's deadline from 14 to 28 days in CI while
//    both ran. The copy is made from a template that global-setup.ts migrates once, and dropped when the file ends.
// 2. A test file's database is closed when the file ends, whatever opened it last. setup-after-env.ts closes it in
//    an afterAll hook that runs before the file's own (jest runs a file's afterAll hooks in the order they were
//    declared); a file whose own afterAll reads or writes the database opens it again, and that connection then held
//    jest open for about 10 s after the run ("Jest did not exit"). Here it is closed, and the file named, so whoever
//    wrote the hook knows.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: jest loads this file as it is */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { TestEnvironment } = require('jest-environment-node');
const { onServer } = require('./pg-admin');

class ReinstateEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.ownDatabase = context.docblockPragmas.database === 'own';
  }

  async setup() {
    await super.setup();
    const url = process.env.DATABASE_URL;
    const template = process.env.REINSTATE_PG_TEMPLATE;
    if (!this.ownDatabase || !url) return;
    if (!template) throw new Error('global-setup.ts made no template database for a file marked @database own');
    const name = `${template}_${crypto.randomBytes(4).toString('hex')}`;
    await onServer(url, [`CREATE DATABASE "${name}" TEMPLATE "${template}"`]);
    const own = new URL(url);
    own.pathname = `/${name}`;
    this.global.process.env.DATABASE_URL = own.toString();
    this.databaseName = name;
  }

  async teardown() {
    const holder = this.global && this.global.__reinstateDb;
    if (holder && holder.client) {
      const file = path.relative(process.cwd(), this.testPath);
      console.warn(
        `${file} opened the database after the set-up closed it (an afterAll hook of its own): closed now. ` +
          'Close it at the end of that hook (closeDb from @/lib/db/client).',
      );
      try {
        await holder.client.$disconnect();
        await (holder.engine && holder.engine.close());
      } finally {
        holder.client = undefined;
        holder.engine = undefined;
      }
    }
    if (this.databaseName) {
      await onServer(process.env.DATABASE_URL, [`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`]);
    }
    // The file's data directory (its copy of the embedded database, its evidence files), made by setup-env.ts.
    const dataDir = this.global && this.global.__reinstateTestDataDir;
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    await super.teardown();
  }
}

module.exports = ReinstateEnvironment;
