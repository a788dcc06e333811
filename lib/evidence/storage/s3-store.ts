import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { assertValidBlobKey, BlobNotFoundError, isValidBlobKey, withBodyGuard, type BlobStore } from './blob-store';

export type S3BlobStoreConfig = {
  bucket: string;
  region: string;
  /** For S3-compatible services (MinIO, Ceph, R2…); AWS itself needs none. */
  endpoint?: string;
  /** Without them the SDK's default chain applies (instance role, ~/.aws, AWS_* variables). */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
};

export type S3BlobStore = BlobStore & { client: S3Client };

/**
 * Blobs as objects in one bucket, shared by every app server. Incomplete multipart uploads left by a
 * crash are invisible to get/list; configure the bucket's lifecycle rule AbortIncompleteMultipartUpload
 * to reclaim their space (docs/decisions/0004-evidence-encryption.md).
 */
export function createS3BlobStore(config: S3BlobStoreConfig): S3BlobStore {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? false,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // Integrity is end-to-end (every chunk carries a GCM tag), so the SDK's optional CRC trailers add
    // nothing here and several S3-compatible servers reject them. Send checksums only where required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = config.bucket;

  return {
    client,

    async put(key, body) {
      assertValidBlobKey(key);
      // Streams in parts of 5 MiB (at most 4 in flight), so memory stays bounded whatever the size.
      // S3 makes the object visible only when the upload completes; on failure Upload aborts it.
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
        queueSize: 4,
        partSize: 5 * 1024 * 1024,
        leavePartsOnError: false,
      });
      await withBodyGuard(body, () => upload.done().then(() => undefined));
    },

    async get(key) {
      assertValidBlobKey(key);
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!(Body instanceof Readable)) throw new Error('S3 returned a body that is not a Node stream');
        return Body;
      } catch (err) {
        if (isNotFound(err)) throw new BlobNotFoundError(key);
        throw err;
      }
    },

    async delete(key) {
      assertValidBlobKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async exists(key) {
      assertValidBlobKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },

    async *list() {
      for await (const page of paginateListObjectsV2({ client }, { Bucket })) {
        for (const item of page.Contents ?? []) {
          if (item.Key && isValidBlobKey(item.Key))
            yield { key: item.Key, lastModified: item.LastModified ?? new Date(0) };
        }
      }
    },
  };
}

function isNotFound(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404;
}
