/** A file download: the right type, an attachment name, and no caching of private data. */
export function fileResponse(file: { fileName: string; contentType: string; body: string | Uint8Array | ReadableStream<Uint8Array> }): Response {
  const asciiName = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return new Response(typeof file.body === 'string' || file.body instanceof ReadableStream ? file.body : new Uint8Array(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  });
}
