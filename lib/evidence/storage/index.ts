import { getEnv } from '@/lib/env';
import { withBodyGuard, type BlobStore } from './blob-store';
import { createLocalBlobStore } from './local-store';
import type { S3BlobStoreConfig } from './s3-store';

export {
  BlobNotFoundError,
  InvalidBlobKeyError,
  assertValidBlobKey,
  isValidBlobKey,
  type BlobStore,
} from './blob-store';
export { createLocalBlobStore, type LocalBlobStore } from './local-store';
export type { S3BlobStore, S3BlobStoreConfig } from './s3-store';

export type BlobStoreConfig = { driver: 'local'; dir: string } | ({ driver: 's3' } & S3BlobStoreConfig);

export function createBlobStore(config: BlobStoreConfig): BlobStore {
  return config.driver === 's3' ? lazyS3BlobStore(config) : createLocalBlobStore(config.dir);
}

/**
 * The S3 store, with the AWS SDK loaded by its first call: imported by this module, the SDK held about 20 MB
 * resident in every web process, on local storage too (./s3-store.ts is the store itself).
 */
function lazyS3BlobStore(config: S3BlobStoreConfig): BlobStore {
  let loaded: Promise<BlobStore> | undefined;
  const s3 = () => (loaded ??= import('./s3-store').then((m) => m.createS3BlobStore(config)));
  return {
    // The body has its error listener while the SDK loads (a client that disconnects meanwhile).
    put: (key, body) => withBodyGuard(body, async () => (await s3()).put(key, body)),
    get: async (key) => (await s3()).get(key),
    delete: async (key) => (await s3()).delete(key),
    exists: async (key) => (await s3()).exists(key),
    async *list() {
      yield* (await s3()).list();
    },
  };
}

let store: BlobStore | undefined;

/** The configured store (STORAGE_DRIVER), one per process. */
export function getBlobStore(): BlobStore {
  store ??= createBlobStore(getBlobStoreConfig());
  return store;
}

function getBlobStoreConfig(): BlobStoreConfig {
  const env = getEnv();
  if (env.STORAGE_DRIVER === 'local') return { driver: 'local', dir: env.evidenceDir };
  return {
    driver: 's3',
    bucket: env.S3_BUCKET!, // getEnv() refuses STORAGE_DRIVER=s3 without a bucket
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}
