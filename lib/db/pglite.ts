import {
  PGlite,
  messages,
  parse,
  protocol,
  type ParserOptions,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { BackendMessage, DatabaseError as WireError } from 'pg-protocol/dist/messages';
import { Parser } from 'pg-protocol/dist/parser';
import { statementName } from './statement-names';

// Search (lib/search) needs pg_trgm (names and references with typos) and unaccent (accents ignored). PGlite
// ships them as contrib extensions that must be loaded when an instance is created, before a migration's
// CREATE EXTENSION or any query that uses them: every PGlite in the app, its scripts and its tests is made
// here (a test fails if `new PGlite(` appears anywhere else).
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

/** An embedded database in `dir` (in memory when omitted), with the extensions the migrations create. */
export function createPGlite(dir?: string): PGlite {
  return new PreparingPGlite({ dataDir: dir, extensions: PGLITE_EXTENSIONS, postgresqlconf: PGLITE_CONF });
}

/**
 * PostgreSQL's default 128 MB of shared buffers is memory PGlite's WebAssembly heap takes at once: with 32 MB
 * an opened demo database holds 189 MB instead of 297 (measured, Node 20). Pages not in the buffers are
 * read through the operating system's file cache.
 */
const PGLITE_CONF = 'shared_buffers=32MB';

/**
 * The Prisma adapter over an embedded database. The adapter's own shadow database (Prisma's diff replays the
 * migrations into it) is a PGlite it makes itself, without the extensions: this one makes it here instead.
 */
export class PrismaPGliteWithExtensions extends PrismaPGlite {
  override connectToShadowDb() {
    return new PrismaPGlite(createPGlite()).connect();
  }
}

const { serialize } = protocol;
type Parsers = Parameters<typeof parse.parseResults>[1];
/** PostgreSQL's "prepared statement does not exist" and "cached plan must not change result type". */
const STALE_STATEMENT = new Set(['26000', '0A000']);

/**
 * PGlite that prepares each statement once by name, as the PostgreSQL path does (./statement-names.ts, the same
 * names and the same cap), instead of PGlite's own query(): that parses, describes and plans an unnamed statement
 * on every call, in six calls into the WebAssembly backend. Here a statement is parsed and described once, and
 * each call is one batch (bind, describe, execute, sync), so PostgreSQL can settle on a generic plan and stop
 * planning it. Planning mattered more than usual here: it reads the size of every table and index a statement
 * names, which in PGlite's Node file system is an fstat each (5% of the server's CPU on the case list, 16
 * connections, 10,000 cases). Statements marked PLAN_EACH_CALL (none in the app), statements past the cap, and
 * queries with options this path does not handle (parameter types, blobs) go through PGlite's own query().
 */
class PreparingPGlite extends PGlite {
  /** SQL text → the parameter types PostgreSQL described when it was prepared on this database. */
  readonly #prepared = new Map<string, number[]>();
  /** Merged parser tables (#parsersWith), by the database's table (PGlite replaces it when types change). */
  readonly #merged = new WeakMap<Parsers, WeakMap<ParserOptions, Parsers>>();

  override async query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const name = preparedName(sql, options);
    if (!name) return super.query<T>(sql, params, options);
    await this._checkReady();
    return this._runExclusiveTransaction(() => this.#run<T>(name, sql, params ?? [], options, false));
  }

  override async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return super.transaction((tx) => {
      // The transaction object's other members (exec, rollback, closed…) are PGlite's own.
      const preparing: Transaction = Object.create(tx);
      preparing.query = <R>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<R>> => {
        const name = preparedName(sql, options);
        // A closed transaction refuses the query with PGlite's own error.
        if (!name || tx.closed) return tx.query<R>(sql, params, options);
        return this.#run<R>(name, sql, params ?? [], options, true);
      };
      return callback(preparing);
    });
  }

  #run<T>(name: string, sql: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean) {
    return this._runExclusiveQuery(async () => {
      try {
        return await this.#bindAndExecute<T>(name, sql, params, options);
      } catch (e) {
        if (!STALE_STATEMENT.has((e as { code?: string }).code ?? '')) throw e;
        // Prepared before a change to a table it reads (a migration in the same process): prepare it again. In a
        // transaction the error has already ended it; outside one, the statement is simply run again.
        this.#prepared.delete(sql);
        if (inTransaction) throw e;
        return await this.#bindAndExecute<T>(name, sql, params, options);
      } finally {
        if (!inTransaction) await this.syncToFs();
      }
    });
  }

  async #bindAndExecute<T>(name: string, sql: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    let types = this.#prepared.get(sql);
    if (!types) {
      // Close first: a statement of this name may be left from before a change (see #run).
      const described = await this.#send(
        serialize.close({ type: 'S', name }),
        serialize.parse({ name, text: sql }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      );
      types = parse.parseDescribeStatementResults(described);
      this.#prepared.set(sql, types);
    }
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = options?.serializers?.[types[i]!] ?? this.serializers[types[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const messages = await this.#send(
      serialize.bind({ statement: name, values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    );
    // PGlite's parseResults merges a query's own parsers into its table of ~300 on every call ({...all, ...own}: about
    // 70 µs and its garbage per query, more than the query itself); the adapter passes the same object each time.
    const own = options?.parsers;
    const results = own
      ? parse.parseResults(messages, this.#parsersWith(own), { rowMode: options.rowMode })
      : parse.parseResults(messages, this.parsers, options);
    return results[0] as Results<T>;
  }

  /** This database's type parsers with a query's own on top, merged once for each (table, own parsers) pair. */
  #parsersWith(own: ParserOptions): Parsers {
    let byOwn = this.#merged.get(this.parsers);
    if (!byOwn) this.#merged.set(this.parsers, (byOwn = new WeakMap()));
    let merged = byOwn.get(own);
    if (!merged) byOwn.set(own, (merged = { ...this.parsers, ...own }));
    return merged;
  }

  /**
   * One batch of protocol messages, run through to its sync; the first error in it is thrown once the batch is done.
   *
   * The answer is read with pg-protocol's parser (the one the PostgreSQL path reads its answers with), not PGlite's:
   * PGlite's copies each text value out of its buffer into an ArrayBuffer of its own before decoding it, about half a
   * microsecond a value, and each copy is memory outside the heap that brings garbage collection on sooner. On the
   * 10,000-case bench database (6 Dec 2026), 200 rows of 40 columns were read in 8.6-9.6 ms with PGlite's parser and
   * 3.6-4.8 ms with this one; the statistics' facts of every case, read cold, 395-504 ms and 313-389 ms.
   */
  async #send(...parts: Uint8Array[]): Promise<Messages> {
    const batch = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      batch.set(part, at);
      at += part.length;
    }
    const parser = new Parser();
    const answer: BackendMessage[] = [];
    let failure: WireError | undefined;
    let ready = false;
    const onMessage = (m: BackendMessage) => {
      if (m.name === 'readyForQuery') ready = true;
      else if (m.name === 'error') failure ??= m as WireError;
      else if (!failure) answer.push(m);
    };
    await this.execProtocolRawStream(batch, {
      syncToFs: false,
      // Each piece is a view of the WebAssembly memory that the next piece overwrites; the parser may keep the end
      // of a message that continues in the next piece, so it gets a copy.
      onRawData: (piece) => parser.parse(Buffer.from(piece), onMessage),
    });
    if (failure) throw asPGliteError(failure);
    // Every batch ends with a sync, answered last: an answer without it was not read whole, and is never taken for
    // an empty one.
    if (!ready) throw new Error('The embedded database answered in a form that could not be read.');
    // The same messages, names and fields as PGlite's own parser gives (PGlite's protocol code is pg-protocol's).
    return answer as unknown as Messages;
  }
}

type Messages = Parameters<typeof parse.parseResults>[0];

/** PGlite's own error class, which the Prisma adapter recognises (and turns into Prisma's errors), with every field. */
function asPGliteError(e: WireError): InstanceType<typeof messages.DatabaseError> {
  return Object.assign(new messages.DatabaseError(e.message, e.length, 'error'), e);
}

function preparedName(sql: string, options?: QueryOptions): string | undefined {
  if (options?.paramTypes || options?.blob) return undefined;
  return statementName({ sql });
}
