// A SEG decoded while it downloads. Its header (segments, per-frame functional groups) comes first in the file and
// says, for every frame, which segment it belongs to and where it goes; the frames follow in file order, usually
// segment by segment. So once the bytes of a segment's last frame are in, that segment can be drawn whole, long
// before the rest of the file: the first segments of a 173 MB SEG show after its first few MB.
//
// Progressive: BINARY segmentations with native (uncompressed, little endian) Pixel Data, drawn in 'combine' mode
// (the viewer's mode for them). Everything else (encapsulated frames: RLE, deflate, JPEG family, whose frame
// boundaries are only known from the fragments; FRACTIONAL, laid out on greedy layers in an order that needs every
// segment; LABELMAP, whose segments share frames; deflated data sets, big endian) is decoded once its bytes are
// all in, as before: `fallback` says why.
import type { Segmentation } from './model';
import { readPart10Fast } from '../part10/reader';
import type { Part10 } from '../part10';
import { parseSegmentation } from './parse';
import { nativeFrames } from './pixels';
import { placeFrames, type PlacementResult, type TargetSeries } from '../geometry/placeFrames';
import { LayerStore, type SegmentLayout } from './layerStore';
import { CombinedLayerBuilder } from './layersCombined';
import type { LabelmapLayers, LayerOptions } from './labelmapLayers';
import { Tag } from '../tags';

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** What changed since the last part, for the viewer to add to what it shows. */
export interface SegPart {
  /** the model (without its per-frame list): in the first part only */
  segmentation?: Omit<Segmentation, 'frames'>;
  /** label slices are 16-bit */
  wide: boolean;
  sliceSize: number;
  /**
   * Slices of the layer written since the last part, as they are now (a copy): whole the first time a slice is
   * sent, after that the band of its rows from its first label to its last, `offset` the band's first element in
   * the slice. Labels only ever go from 0 to a set of segments, never back, so the rows outside the band are 0 and
   * were at every earlier part (applyChange).
   */
  changed: SliceChange[];
  /** the segments each label value stands for so far: members[v - 1] */
  members: number[][];
  /** layouts of the segments drawn whole since the last part (in the order they completed) */
  complete: SegmentLayout[];
}

/** One slice's labels written since the last part (SegPart.changed). */
export interface SliceChange {
  slice: number;
  /** where `labels` begins in the slice (elements; a row boundary) */
  offset: number;
  labels: Uint8Array | Uint16Array;
}

/**
 * The rows of `labels` (a slice, `columns` wide) from the first one with a label to the last one with a label, as
 * element offsets [from, to); [0, 0) when it has none. A part carries only this band: the 104-segment benchmark
 * SEG's parts copied half as much (its slices' bands are half their rows), and the copies were most of a part's time.
 */
export function labelledBand(labels: Uint8Array | Uint16Array, columns: number): [number, number] {
  // Read as 32-bit words where the slice allows (4 or 2 labels a read: the scan was a third of a part's time).
  const aligned = labels.byteOffset % 4 === 0 && labels.byteLength % 4 === 0;
  const words = aligned ? new Uint32Array(labels.buffer, labels.byteOffset, labels.byteLength / 4) : null;
  const per = labels.BYTES_PER_ELEMENT === 1 ? 4 : 2;
  let first = 0;
  if (words) {
    let w = 0;
    while (w < words.length && words[w] === 0) w++;
    first = w * per;
  }
  while (first < labels.length && labels[first] === 0) first++;
  if (first === labels.length) return [0, 0];
  let last = labels.length - 1;
  if (words) {
    let w = words.length - 1;
    while (words[w] === 0) w--;
    last = w * per + per - 1;
  }
  while (labels[last] === 0) last--;
  return [first - (first % columns), Math.min(labels.length, last - (last % columns) + columns)];
}

/**
 * The page's slice after `change`: the change's own labels when it is the whole slice, else `current` (or a new
 * slice of 0s, `sliceSize` long) with the band written in, in place.
 */
export function applyChange(current: Uint8Array | Uint16Array | null | undefined, change: SliceChange, sliceSize: number, wide: boolean): Uint8Array | Uint16Array {
  if (change.offset === 0 && change.labels.length === sliceSize) return change.labels;
  const slice = current && current.length === sliceSize && current instanceof (wide ? Uint16Array : Uint8Array) ? current : wide ? new Uint16Array(sliceSize) : new Uint8Array(sliceSize);
  slice.set(change.labels, change.offset);
  return slice;
}

interface Stream {
  seg: Segmentation;
  placement: PlacementResult;
  store: LayerStore;
  builder: CombinedLayerBuilder;
  /** byte offset of the Pixel Data value in the file */
  valueStart: number;
  /** bits per frame (1-bit frames need not start on a byte) */
  frameBits: number;
  /** per segment (SegmentSequence index): the index of its last frame placed on the target, -1 when none */
  lastFrame: number[];
  /** SegmentSequence indices not yet drawn, in order of their last frame */
  pending: number[];
}

/** What drawing a SEG as it arrives needs of its header: the model, and where its frames are in the file. */
export interface SegHeader {
  seg: Segmentation;
  /** byte offset of the Pixel Data value in the file */
  valueStart: number;
  /** bits per frame */
  frameBits: number;
}

/**
 * The header of a SEG from the first bytes of its file: null while they do not hold all of it, `fallback` (why)
 * when the SEG is one drawn only once whole. Needs no target series: the worker reads it as soon as it can, before
 * anyone asks for the SEG on a series.
 */
export function readSegHeader(prefix: Uint8Array, name: string, maxDecodedBytes?: number): SegHeader | { fallback: string } | null {
  let read;
  try {
    read = readPart10Fast(prefix, name, { untilPixelData: true });
  } catch {
    // Not all there yet, or something the complete read will name (deflated, damaged): wait for the end.
    return null;
  }
  const at = read.pixelDataAt;
  const ts = read.transferSyntaxUID;
  const native = ts === IMPLICIT_LE || ts === EXPLICIT_LE;
  if (at === undefined) return native ? null : { fallback: 'its data set is not in a little endian native syntax' };
  if (!native) return { fallback: 'its frames are compressed (their boundaries are known only from the whole Pixel Data)' };
  const explicit = ts === EXPLICIT_LE;
  const headerBytes = explicit ? 12 : 8;
  if (at + headerBytes > prefix.length) return null;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const length = view.getUint32(at + (explicit ? 8 : 4), true);
  let seg: Segmentation;
  try {
    // Pixel Data present, not read: the model needs the header only.
    const p10: Part10 = { meta: read.meta, dict: { ...read.dict, [Tag.PixelData]: { vr: 'OB', Value: [] } }, transferSyntaxUID: ts };
    seg = parseSegmentation(p10, name, { maxDecodedBytes });
  } catch (e) {
    return { fallback: `its header: ${(e as Error).message}` };
  }
  const frameBits = seg.rows * seg.columns * seg.bitsAllocated;
  const expected = Math.ceil((seg.numberOfFrames * frameBits) / 8);
  if (seg.segmentationType !== 'BINARY') return { fallback: `it is a ${seg.segmentationType} segmentation` };
  if (length === 0xffffffff || length < expected) return { fallback: 'its Pixel Data does not hold the frames its header declares' };
  return { seg, valueStart: at + headerBytes, frameBits };
}

export class ProgressiveSegDecoder {
  /** why this SEG waits for all its bytes (set once known); undefined while progressive or not yet known */
  fallback: string | undefined;
  private stream: Stream | undefined;
  private changed = new Set<number>();
  /** slices sent in a part already (the page has them: later parts send their labelled band) */
  private readonly sent = new Set<number>();
  private completed: SegmentLayout[] = [];
  private announced = false;
  private startWide = false;

  /**
   * `header`: read beforehand (readSegHeader, while the target was not known yet), or where to look for it as the
   * bytes come (null while it is not read yet): the decoder then does not read it itself.
   */
  constructor(
    private readonly name: string,
    private readonly target: TargetSeries,
    private readonly options: LayerOptions = {},
    private readonly header?: SegHeader | { fallback: string } | (() => SegHeader | { fallback: string } | null),
  ) {}

  /** The header is read and segments are drawn as their frames come. */
  get streaming(): boolean {
    return !!this.stream && !this.fallback;
  }

  /**
   * Takes in the first `prefix.length` bytes of the file (a prefix of the same file each time, longer or not): reads
   * the header once it is all there (and stops there: the next call draws), then draws every segment whose frames
   * are all in, at most `most` of them now (the first segment drawn alone is on screen sooner).
   */
  async advance(prefix: Uint8Array, most = Infinity): Promise<void> {
    if (this.fallback) return;
    if (!this.stream) {
      // The segments are announced first, in a part of their own: the viewer makes its layer ready meanwhile.
      this.stream = this.open(prefix);
      return;
    }
    const s = this.stream;
    // Plain arithmetic, not bit operators: a big SEG has more than 2^31 bits.
    const framesIn = Math.min(s.seg.numberOfFrames, Math.max(0, Math.floor(((prefix.length - s.valueStart) * 8) / s.frameBits)));
    let n = 0;
    while (n < s.pending.length && s.lastFrame[s.pending[n]] < framesIn) n++;
    if (!n) return;
    const ready = s.pending.splice(0, Math.min(n, most));
    const pixels = nativeFrames(prefix.subarray(s.valueStart, s.valueStart + Math.ceil((framesIn * s.frameBits) / 8)), s.seg);
    for (const k of await s.builder.add(ready, pixels)) this.changed.add(k);
    if (s.builder.layer.wide !== this.startWide) {
      // Widened half way (more than 255 sets of overlapping segments among fewer than 64 segments): every slice
      // changed type, and the viewer gets the whole layer at the end instead.
      this.fallback = 'its label values outgrew 8 bits while it was drawn';
      return;
    }
    for (const i of ready) this.completed.push(s.builder.layout(i));
  }

  /** The header, when `prefix` holds it all and this SEG can be drawn progressively; sets `fallback` otherwise. */
  private open(prefix: Uint8Array): Stream | undefined {
    const given = typeof this.header === 'function' ? this.header() : this.header;
    const header = given === undefined ? readSegHeader(prefix, this.name, this.options.maxDecodedBytes) : given;
    if (!header) return undefined;
    if ('fallback' in header) {
      this.fallback = header.fallback;
      return undefined;
    }
    const { seg } = header;
    if (this.target.planes.some((p) => p.rows !== this.target.planes[0].rows || p.columns !== this.target.planes[0].columns)) {
      this.fallback = 'the displayed series mixes image sizes';
      return undefined;
    }
    const { rows, columns } = this.target.planes[0] ?? { rows: 0, columns: 0 };
    const placement = placeFrames(seg, this.target, this.options);
    const store = new LayerStore({ objectName: seg.objectName, slices: this.target.planes.length, rows, columns, fractional: false, allocateSlice: this.options.allocateSlice, maxDecodedBytes: this.options.maxDecodedBytes });
    const builder = new CombinedLayerBuilder(seg, placement, store);
    this.startWide = builder.layer.wide;
    const lastFrame = builder.placementsOf.map((list) => list.reduce((m, p) => Math.max(m, p.frameIndex), -1));
    const pending = seg.segments.map((_, i) => i).sort((a, b) => lastFrame[a] - lastFrame[b] || a - b);
    return { seg, placement, store, builder, valueStart: header.valueStart, frameBits: header.frameBits, lastFrame, pending };
  }

  /** What changed since the last part (null when nothing did); slices are copied, the decoder keeps its own. */
  part(): SegPart | null {
    const s = this.stream;
    if (!s || this.fallback) return null;
    if (this.announced && !this.changed.size && !this.completed.length) return null;
    const layer = s.builder.layer;
    const part: SegPart = {
      wide: layer.wide,
      sliceSize: s.store.sliceSize,
      changed: [...this.changed].sort((a, b) => a - b).flatMap((k) => {
        const labels = layer.slices[k];
        if (!labels) return [];
        // A slice the page has not had yet goes whole: the page takes it as it comes (transferred), where a band
        // cost it a zeroed slice and a copy on its main thread (the first part of the 104-segment benchmark SEG
        // touched all 300 slices: 157 MB made there in one task, 190-200 ms, the load's longest).
        if (!this.sent.has(k)) {
          this.sent.add(k);
          return [{ slice: k, offset: 0, labels: labels.slice() }];
        }
        const [from, to] = labelledBand(labels, this.target.planes[0].columns);
        return [{ slice: k, offset: from, labels: labels.slice(from, to) }];
      }),
      members: s.builder.members(),
      complete: this.completed,
    };
    if (!this.announced) {
      const { frames: _frames, ...segmentation } = s.seg;
      part.segmentation = segmentation;
      this.announced = true;
    }
    this.changed = new Set();
    this.completed = [];
    return part;
  }

  /**
   * The whole file is in: draws what is left and gives the layers as decodeSeg would, with `changed` the slices
   * written since the last part (the rest the viewer has). Throws when it cannot be drawn this way (`fallback`) or
   * its frames are not all in (cut short): the whole decode then says what is wrong.
   */
  async finish(whole: Uint8Array): Promise<{ seg: Segmentation; layers: LabelmapLayers; changed: Set<number> }> {
    if (!this.stream) await this.advance(whole);
    await this.advance(whole);
    const s = this.stream;
    if (!s || this.fallback) throw new Error(`${this.name}: not decoded progressively${this.fallback ? ` (${this.fallback})` : ''}`);
    if (s.pending.length) throw new Error(`${this.name}: its frames are not all in`);
    const segments = s.builder.finish();
    const { rows, columns } = this.target.planes[0];
    const layers: LabelmapLayers = {
      slices: this.target.planes.length,
      rows,
      columns,
      layers: s.store.layers,
      segments,
      placement: s.placement,
      problems: [...s.placement.problems],
    };
    return { seg: s.seg, layers, changed: this.changed };
  }
}
