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

/**
 * A multipart form whose files (images beside other fields) are read into memory, each
 * kept up to `maxFileBytes` + 1 bytes: a larger file arrives cut, so the form's schema
 * refuses it as too large while the other fields come back to the form as typed. null
 * when the request is larger than `maxBodyBytes` in all. A form that is not multipart is read as usual.
 */
export async function readFormWithFiles(request: Request, limits: { maxFileBytes: number; maxBodyBytes: number }): Promise<FormData | null> {
  if (Number(request.headers.get('Content-Length') ?? 0) > limits.maxBodyBytes) return null;
  // A form posted without files (another client, a script) is read as it is.
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) return request.formData();
  let total = 0;
  const keepUpTo = limits.maxFileBytes + 1;
  try {
    return await unstable_parseMultipartFormData(request, async ({ name, filename, contentType, data }) => {
      const chunks: BlobPart[] = [];
      let kept = 0;
      for await (const chunk of data) {
        total += chunk.byteLength;
        if (total > limits.maxBodyBytes) throw new MaxPartSizeExceededError(name, limits.maxBodyBytes);
        if (kept < keepUpTo) {
          const part = new Uint8Array(chunk.subarray(0, keepUpTo - kept));
          chunks.push(part);
          kept += part.byteLength;
        }
      }
      if (typeof filename === 'string') return new File(chunks, filename, { type: contentType });
      return new Blob(chunks).text();
    });
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}
