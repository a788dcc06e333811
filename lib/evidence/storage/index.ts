import { getEnv } from '@/lib/env';
import type { BlobStore } from './blob-store';
import { createLocalBlobStore } from './local-store';
import { createS3BlobStore, type S3BlobStoreConfig } from './s3-store';

export {
  BlobNotFoundError,
  InvalidBlobKeyError,
  assertValidBlobKey,
  isValidBlobKey,
  type BlobStore,
} from './blob-store';
export { createLocalBlobStore, type LocalBlobStore } from './local-store';
export { createS3BlobStore, type S3BlobStore, type S3BlobStoreConfig } from './s3-store';

export type BlobStoreConfig = { driver: 'local'; dir: string } | ({ driver: 's3' } & S3BlobStoreConfig);

export function createBlobStore(config: BlobStoreConfig): BlobStore {
  return config.driver === 's3' ? createS3BlobStore(config) : createLocalBlobStore(config.dir);
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
