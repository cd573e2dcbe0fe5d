// A memory limit the fuzz worker can enforce on itself. Node's heap limit (the worker's resourceLimits) does not
// see ArrayBuffers, which is where a decoder trusting a declared size puts its gigabytes; so every typed-array
// and ArrayBuffer constructor is wrapped to refuse one allocation over the limit and to count the bytes asked
// for. A refusal is recorded here as well as thrown: a decoder that catches it (and falls back to another
// reader) is still counted as having tried.
type Ctor = new (...args: never[]) => object;
const CONSTRUCTORS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

export interface AllocationState {
  /** bytes asked for since reset() (not live bytes: freed memory is not subtracted) */
  total: number;
  /** why the input broke the limit, or null */
  breach: string | null;
}

export const allocations: AllocationState = { total: 0, breach: null };

export function resetAllocations(): void {
  allocations.total = 0;
  allocations.breach = null;
}

/** Wrap the constructors: one allocation over `limit` bytes, or `limit` x `cumulative` in all, is a breach. */
export function installAllocationGuard(limit: number, cumulative = 8): void {
  const check = (bytes: number): void => {
    allocations.total += bytes;
    if (bytes > limit || allocations.total > limit * cumulative) {
      const what = bytes > limit ? `one allocation of ${bytes} bytes` : `${allocations.total} bytes allocated in all`;
      allocations.breach ??= `${what} (limit ${limit})`;
      throw new RangeError(`fuzz memory limit: ${what}`);
    }
  };
  const g = globalThis as unknown as Record<string, Ctor & { BYTES_PER_ELEMENT?: number }>;
  for (const name of CONSTRUCTORS) {
    const Original = g[name];
    if (!Original) continue;
    const size = Original.BYTES_PER_ELEMENT ?? 1;
    const Guarded = class extends (Original as unknown as new (...args: unknown[]) => object) {
      constructor(...args: unknown[]) {
        if (typeof args[0] === 'number') check(args[0] * size);
        super(...args);
      }
      // Arrays made by the platform (fs, TextEncoder) are instances of the original: still "instanceof" ours.
      static [Symbol.hasInstance](x: unknown): boolean {
        return x instanceof Original;
      }
    };
    Object.defineProperty(Guarded, 'name', { value: name });
    g[name] = Guarded as unknown as Ctor;
  }
}
