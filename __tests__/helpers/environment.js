// Jest's Node environment, and one thing more: a test file's database is closed when the file ends, whatever
// opened it last. setup-after-env.ts closes it in an afterAll hook that runs before the file's own (jest runs a
// file's afterAll hooks in the order they were declared); a file whose own afterAll reads or writes the database
// opens it again, and that connection then held jest open for about 10 s after the run ("Jest did not exit").
// Here it is closed, and the file named, so whoever wrote the hook knows.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: jest loads this file as it is */
const path = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

class ReinstateEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
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
    await super.teardown();
  }
}

module.exports = ReinstateEnvironment;
