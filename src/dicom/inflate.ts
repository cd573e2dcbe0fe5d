// Raw deflate streams (RFC 1951, no zlib or gzip wrapper), as DICOM uses them: the data set of Deflated Explicit
// VR Little Endian (1.2.840.10008.1.2.1.99, PS3.5 A.5) and each frame of Deflated Image Frame Compression
// (1.2.840.10008.1.2.8.1, PS3.5 8.2.16). The platform inflates (DecompressionStream 'deflate-raw', in browsers,
// workers and Node 20): no library, native speed, but asynchronous.

export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const DEFLATED_IMAGE_FRAME_COMPRESSION = '1.2.840.10008.1.2.8.1';

/**
 * Inflate one raw deflate stream. `expectedLength`, when known, sizes the output once (no list of chunks to
 * join). Throws an Error saying what is wrong with the stream; callers name the object.
 */
export async function inflateRaw(deflated: Uint8Array, expectedLength?: number): Promise<Uint8Array> {
  // A stream over the view itself: a Blob would copy the compressed bytes first.
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(deflated as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  const stream = source.pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let out = expectedLength !== undefined ? new Uint8Array(expectedLength) : null;
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (out && length + value.length <= out.length) out.set(value, length);
      else {
        if (out) {
          // More than announced: keep what came so far as a chunk and go on collecting.
          chunks.push(out.subarray(0, length));
          out = null;
        }
        chunks.push(value);
      }
      length += value.length;
    }
  } catch (err) {
    throw new Error(`its deflate stream cannot be inflated (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    });
  }
  if (out) return length === out.length ? out : out.subarray(0, length);
  const joined = new Uint8Array(length);
  let o = 0;
  for (const c of chunks) {
    joined.set(c, o);
    o += c.length;
  }
  return joined;
}
