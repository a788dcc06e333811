import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ensureMasterKeyFile,
  keyPermissionWarnings,
  keyPlacementProblem,
  legacyKeyPath,
  masterKeyPath,
  pendingKeyPath,
  readKeyFile,
  writeKeyFileExclusive,
} from '@/lib/evidence/master-key-file';
import { findRetiredKeys, installNextKey, stageNextKey } from '@/lib/evidence/rotate-key-file';
import { findWrappedKeyColumns } from '@/lib/evidence/rotate-master-key';
import type { Env } from '@/lib/env';

// Where the evidence master key lives (outside DATA_DIR), how an older installation's key is moved
// out of DATA_DIR, and the key files of a rotation. Real files in a temp folder.

const mode = (p: string) => fs.statSync(p).mode & 0o777;

let root: string;
let place: { dataDir: string; keyDir: string };
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-keys-'));
  place = { dataDir: path.join(root, 'data'), keyDir: path.join(root, 'data-keys') };
  fs.mkdirSync(place.dataDir);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function writeLegacyKey(key = crypto.randomBytes(32)): Buffer {
  fs.writeFileSync(legacyKeyPath(place.dataDir), key.toString('base64'), { mode: 0o600 });
  return key;
}

describe('ensureMasterKeyFile', () => {
  it('makes a key in the key directory, readable by its owner only, and reads the same one afterwards', () => {
    const made = ensureMasterKeyFile(place)!;
    expect(made).toMatchObject({ status: 'created', file: masterKeyPath(place.keyDir) });
    expect(mode(place.keyDir)).toBe(0o700);
    expect(mode(made.file)).toBe(0o600);
    expect(readKeyFile(made.file).equals(made.key)).toBe(true);
    expect(fs.readdirSync(place.dataDir)).toEqual([]);
    expect(fs.readdirSync(place.keyDir)).toEqual(['evidence-master-key']); // no temp file left
    const again = ensureMasterKeyFile(place)!;
    expect(again.status).toBe('existing');
    expect(again.key.equals(made.key)).toBe(true);
  });

  it("moves an older installation's key out of DATA_DIR, keeping the key itself", () => {
    const key = writeLegacyKey();
    const moved = ensureMasterKeyFile(place)!;
    expect(moved).toMatchObject({
      status: 'moved',
      movedFrom: legacyKeyPath(place.dataDir),
      file: masterKeyPath(place.keyDir),
    });
    expect(moved.key.equals(key)).toBe(true);
    expect(fs.existsSync(legacyKeyPath(place.dataDir))).toBe(false);
    expect(readKeyFile(masterKeyPath(place.keyDir)).equals(key)).toBe(true);
    expect(mode(masterKeyPath(place.keyDir))).toBe(0o600);
    expect(mode(place.keyDir)).toBe(0o700);
    expect(ensureMasterKeyFile(place)!.status).toBe('existing');
  });

  it('removes a copy left in DATA_DIR when it is the same key, and stops when the two keys differ', () => {
    const key = writeLegacyKey();
    writeKeyFileExclusive(masterKeyPath(place.keyDir), key);
    expect(ensureMasterKeyFile(place)!.status).toBe('moved');
    expect(fs.existsSync(legacyKeyPath(place.dataDir))).toBe(false);

    const other = writeLegacyKey();
    expect(() => ensureMasterKeyFile(place)).toThrow(/two different evidence master keys/);
    // Nothing was lost: both keys are where they were.
    expect(readKeyFile(legacyKeyPath(place.dataDir)).equals(other)).toBe(true);
    expect(readKeyFile(masterKeyPath(place.keyDir)).equals(key)).toBe(true);
  });

  it('does not make a key when asked only to find one, and refuses a file that is not a key', () => {
    expect(ensureMasterKeyFile(place, { create: false })).toBeNull();
    expect(fs.existsSync(place.keyDir)).toBe(false);
    fs.writeFileSync(legacyKeyPath(place.dataDir), 'not a key');
    expect(() => ensureMasterKeyFile(place)).toThrow(/is not an evidence master key/);
  });

  it('never overwrites a key file', () => {
    const key = crypto.randomBytes(32);
    writeKeyFileExclusive(masterKeyPath(place.keyDir), key);
    expect(() => writeKeyFileExclusive(masterKeyPath(place.keyDir), crypto.randomBytes(32))).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(readKeyFile(masterKeyPath(place.keyDir)).equals(key)).toBe(true);
  });
});

test('warns when other accounts on the machine can read the key or its directory', () => {
  const { file } = ensureMasterKeyFile(place)!;
  expect(keyPermissionWarnings(file)).toEqual([]);
  fs.chmodSync(place.keyDir, 0o755);
  fs.chmodSync(file, 0o644);
  expect(keyPermissionWarnings(file)).toEqual([
    `The key directory ${place.keyDir} can be read by other accounts on this machine: run \`chmod 700 ${place.keyDir}\`.`,
    `The key file ${file} can be read by other accounts on this machine: run \`chmod 600 ${file}\`.`,
  ]);
});

describe('keyPlacementProblem (production refuses a key inside DATA_DIR)', () => {
  it('refuses a key directory inside the data directory, also through a symbolic link', () => {
    expect(keyPlacementProblem(masterKeyPath(path.join(place.dataDir, 'keys')), place.dataDir)).toMatch(
      /inside the data directory/,
    );
    fs.mkdirSync(path.join(place.dataDir, 'hidden'));
    fs.symlinkSync(path.join(place.dataDir, 'hidden'), path.join(root, 'keys-link'));
    expect(keyPlacementProblem(masterKeyPath(path.join(root, 'keys-link')), place.dataDir)).toMatch(
      /inside the data directory/,
    );
    expect(keyPlacementProblem(legacyKeyPath(place.dataDir), place.dataDir)).toMatch(/inside the data directory/);
  });

  it('accepts the default beside it (data-keys is not inside data) and any other place', () => {
    expect(keyPlacementProblem(masterKeyPath(place.keyDir), place.dataDir)).toBeNull();
    expect(keyPlacementProblem(masterKeyPath(path.join(os.tmpdir(), 'elsewhere')), place.dataDir)).toBeNull();
  });
});

describe('getEnv', () => {
  const names = ['DATA_DIR', 'KEY_DIR', 'EVIDENCE_MASTER_KEY', 'DATABASE_URL'];
  const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const k of names) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  function freshEnv(vars: Record<string, string | undefined>): Env {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    let env: Env | undefined;
    jest.isolateModules(() => {
      env = (jest.requireActual('@/lib/env') as typeof import('@/lib/env')).getEnv();
    });
    return env!;
  }

  it('keeps the generated key beside DATA_DIR by default, and moves an older one there on first use', () => {
    const key = writeLegacyKey();
    const env = freshEnv({
      DATA_DIR: place.dataDir,
      KEY_DIR: undefined,
      EVIDENCE_MASTER_KEY: undefined,
      DATABASE_URL: undefined,
    });
    expect(env.keyDir).toBe(place.keyDir);
    expect(env.evidenceMasterKeyFile).toBe(masterKeyPath(place.keyDir));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(env.evidenceMasterKey.equals(key)).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Moved the evidence master key'));
    warn.mockRestore();
    expect(fs.existsSync(legacyKeyPath(place.dataDir))).toBe(false);
  });

  it('uses KEY_DIR when set, and EVIDENCE_MASTER_KEY over any file', () => {
    const keyDir = path.join(root, 'elsewhere');
    expect(
      freshEnv({ DATA_DIR: place.dataDir, KEY_DIR: keyDir, EVIDENCE_MASTER_KEY: undefined, DATABASE_URL: undefined })
        .evidenceMasterKeyFile,
    ).toBe(masterKeyPath(keyDir));
    writeLegacyKey();
    const fromEnv = crypto.randomBytes(32);
    const env = freshEnv({
      DATA_DIR: place.dataDir,
      KEY_DIR: keyDir,
      EVIDENCE_MASTER_KEY: fromEnv.toString('base64'),
      DATABASE_URL: undefined,
    });
    expect(env.evidenceMasterKeyFile).toBeNull();
    expect(env.evidenceMasterKey.equals(fromEnv)).toBe(true);
    expect(fs.existsSync(keyDir)).toBe(false); // nothing made, nothing moved
    expect(fs.existsSync(legacyKeyPath(place.dataDir))).toBe(true);
  });
});

describe('rotation key files', () => {
  it('stages the next key once, and a second run finds the same one', () => {
    ensureMasterKeyFile(place);
    const first = stageNextKey(place.keyDir);
    expect(first.resumed).toBe(false);
    expect(mode(pendingKeyPath(place.keyDir))).toBe(0o600);
    const again = stageNextKey(place.keyDir);
    expect(again).toMatchObject({ resumed: true });
    expect(again.key.equals(first.key)).toBe(true);
  });

  it('installs the next key and keeps the old one as a dated backup, also when a crash came between the two', () => {
    const old = ensureMasterKeyFile(place)!.key;
    const next = stageNextKey(place.keyDir).key;
    const day = new Date('2026-11-30T10:00:00Z');
    // A crash after the backup was written but before the rename: running the last step again finishes it.
    writeKeyFileExclusive(path.join(place.keyDir, 'evidence-master-key.retired-2026-11-30'), old);
    const done = installNextKey(place.keyDir, day);
    expect(done.retired).toBe(path.join(place.keyDir, 'evidence-master-key.retired-2026-11-30'));
    expect(readKeyFile(done.file).equals(next)).toBe(true);
    expect(readKeyFile(done.retired).equals(old)).toBe(true);
    expect(fs.existsSync(pendingKeyPath(place.keyDir))).toBe(false);
    // A second rotation the same day keeps both backups.
    const third = stageNextKey(place.keyDir).key;
    const second = installNextKey(place.keyDir, day);
    expect(second.retired).toBe(path.join(place.keyDir, 'evidence-master-key.retired-2026-11-30-2'));
    expect(readKeyFile(second.retired).equals(next)).toBe(true);
    expect(readKeyFile(second.file).equals(third)).toBe(true);
    expect(findRetiredKeys(place.keyDir)).toHaveLength(2);
    expect(fs.readdirSync(place.keyDir).every((f) => mode(path.join(place.keyDir, f)) === 0o600)).toBe(true);
  });
});

test('rotation finds every wrapped-key column in the schema, by name', () => {
  // Rotation re-wraps the columns it finds in the generated client; this reads schema.prisma itself,
  // so a column named otherwise, or a client out of date with the schema, fails here.
  const schema = fs.readFileSync(path.join(__dirname, '../../../prisma/schema.prisma'), 'utf8');
  const inSchema: string[] = [];
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields = [...body!.matchAll(/^\s+(\w*wrappedkey\w*)\s.*$/gim)];
    // The rotation's SQL names tables and columns as the models and fields are named.
    if (fields.length) expect({ model, body }).toEqual({ model, body: expect.not.stringMatching(/@@map/) });
    for (const [line, field] of fields) {
      expect(line).not.toMatch(/@map/);
      inSchema.push(`${model}.${field}`);
    }
  }
  const found = findWrappedKeyColumns()
    .map((c) => `${c.table}.${c.column}`)
    .sort();
  expect(found).toEqual(inSchema.sort());
  expect(found).toEqual(
    expect.arrayContaining([
      'Bundle.wrappedKey',
      'Evidence.previewWrappedKey',
      'Evidence.wrappedKey',
      'Letter.pdfWrappedKey',
    ]),
  );
});
