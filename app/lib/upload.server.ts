import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node';

/**
 * A multipart form with a file, read into memory; null when the upload is larger than
 * `maxBytes` (refused from its declared length before reading it, or while reading).
 */
export async function readUploadForm(request: Request, maxBytes: number): Promise<FormData | null> {
  // Room for the other fields and the multipart boundaries around the file.
  if (Number(request.headers.get('Content-Length') ?? 0) > maxBytes + 64 * 1024) return null;
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}
