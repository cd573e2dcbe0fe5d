// An RTSTRUCT decoded while it downloads. Its ROIs are listed first (StructureSetROISequence), then come their
// contours ROI by ROI (ROIContourSequence: one item per ROI, in file order), then the observations. So each ROI
// can be drawn as soon as its item is in: the first ROIs of a big structure set show long before the rest.
// Each item is decoded by the same code as the whole set (decodeStructureSet, on the header and this one item),
// so an ROI drawn early has the very contours and colour the whole decode gives it; what only the whole file
// says (observations: the interpreted type; problems of the set) comes with the whole decode at the end.
import type { DcmjsDict } from 'dcmjs';
import { readPart10Fast } from '../part10/reader';
import { DatasetReader } from '../part10/parser';
import { DEFAULT_DECODER, ITEM, SEQUENCE_END, UNDEFINED } from '../part10/vr';
import { headerJson } from '../summary';
import type { DicomJsonDataset } from '../json';
import { decodeStructureSet, type DecodeStructureSetOptions } from './decode';
import type { StructureSet, StructureSetROI } from './model';
import { Tag } from '../tags';

const ROI_CONTOUR_SEQUENCE = 0x30060039;
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';

/** What came since the last part. */
export interface RtPart {
  /** first part only: the structure set as its header says (every ROI listed, none with contours yet) */
  header?: StructureSet;
  /** ROIs whose contours are all in, since the last part, as the whole decode gives them */
  complete: StructureSetROI[];
}

interface Contours {
  header: DicomJsonDataset;
  set: StructureSet;
  reader: { implicit: boolean; little: boolean };
  /** the next item's offset, and where the sequence's value ends (null: undefined length, ends at its delimiter) */
  next: number;
  end: number | null;
  /** bytes of the item at `next` there were when it was last found cut (undefined length) */
  triedAt: number;
}

export class ProgressiveStructureSetDecoder {
  /** why this RTSTRUCT waits for all its bytes (set once known) */
  fallback: string | undefined;
  /** every ROIContourSequence item is in */
  done = false;
  private state: Contours | undefined;
  private announced = false;
  private completed: StructureSetROI[] = [];

  constructor(
    private readonly name: string,
    private readonly options: DecodeStructureSetOptions = {},
  ) {}

  /**
   * Takes in the first `prefix.length` bytes of the file (longer each time, or not): reads the header once it is all
   * there (and stops there: its part goes first), then every ROI whose item is in. An item of undefined length found
   * cut is read again from its start only once half as many bytes again came (a big ROI's item is not read over and
   * over), or when `force`d: the download paused or ended.
   */
  advance(prefix: Uint8Array, force = false): void {
    if (this.fallback || this.done) return;
    if (!this.state) {
      this.state = this.open(prefix);
      return;
    }
    const s = this.state;
    const { implicit, little } = s.reader;
    const r = new DatasetReader(prefix, this.name, implicit, little);
    const view = r.view;
    for (;;) {
      if ((s.end !== null && s.next >= s.end) || s.next + 8 > prefix.length) {
        if (s.end !== null && s.next >= s.end) this.done = true;
        return;
      }
      const tag = r.tagAt(s.next);
      if (tag === SEQUENCE_END && s.end === null) {
        this.done = true;
        return;
      }
      if (tag !== ITEM) {
        this.fallback = `its ROIContourSequence holds something other than items at byte ${s.next}`;
        return;
      }
      const length = view.getUint32(s.next + 4, little);
      const start = s.next + 8;
      let item: DcmjsDict | null = null;
      let after: number;
      if (length === UNDEFINED) {
        // Read to its delimiter; cut short, it is read again from its start later (see above).
        if (!force && prefix.length - start < 1.5 * s.triedAt) return;
        try {
          r.pos = start;
          item = r.dataset(s.end ?? prefix.length, true, DEFAULT_DECODER);
        } catch {
          s.triedAt = prefix.length - start;
          return;
        }
        // (The reader throws, too, when the bytes end between two elements of the item: no delimiter yet.)
        after = r.pos;
      } else {
        if (start + length > prefix.length) return;
        if (length) {
          r.pos = start;
          try {
            item = r.dataset(start + length, false, DEFAULT_DECODER);
          } catch (e) {
            // Damaged: the whole decode says what is wrong.
            this.fallback = (e as Error).message;
            return;
          }
        }
        after = start + length;
      }
      s.next = after;
      s.triedAt = 0;
      if (item) this.add(s, item);
    }
  }

  /** The header (everything before ROIContourSequence) once it is all in; sets `fallback` when it cannot be read so. */
  private open(prefix: Uint8Array): Contours | undefined {
    let read;
    try {
      read = readPart10Fast(prefix, this.name, { stopFrom: ROI_CONTOUR_SEQUENCE });
    } catch (e) {
      if ((e as Error).name === 'Part10UnsupportedError') this.fallback = (e as Error).message;
      return undefined;
    }
    const at = read.endedAt ?? prefix.length;
    if (!read.stopped) return undefined;
    const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
    const implicit = read.transferSyntaxUID === IMPLICIT_LE;
    const little = read.transferSyntaxUID !== EXPLICIT_BE;
    if (read.transferSyntaxUID !== IMPLICIT_LE && (at + 12 > prefix.length || String.fromCharCode(prefix[at + 4], prefix[at + 5]) !== 'SQ')) {
      if (at + 12 <= prefix.length) this.fallback = 'its ROIContourSequence is not written as a sequence';
      return undefined;
    }
    const valueAt = at + (implicit ? 8 : 12);
    const length = view.getUint32(valueAt - 4, little);
    const tag = view.getUint16(at, little) * 0x10000 + view.getUint16(at + 2, little);
    if (tag !== ROI_CONTOUR_SEQUENCE) {
      this.fallback = 'it has no ROIContourSequence';
      return undefined;
    }
    const header = headerJson(read.dict);
    const set = decodeStructureSet(header, this.options);
    return { header, set, reader: { implicit, little }, next: valueAt, end: length === UNDEFINED ? null : valueAt + length, triedAt: 0 };
  }

  /** One ROIContourSequence item: its ROI as the whole decode makes it (the header's ROIs with this one item). */
  private add(s: Contours, item: DcmjsDict): void {
    const json = headerJson(item);
    const ref = json[Tag.ReferencedROINumber]?.Value?.[0];
    const one = decodeStructureSet({ ...s.header, [Tag.ROIContourSequence]: { vr: 'SQ', Value: [json] } }, this.options);
    const roi = one.rois.find((r) => r.roiNumber === Number(ref));
    if (roi) this.completed.push(roi);
  }

  /** What came since the last part (null when nothing did): the header first, in a part of its own. */
  part(): RtPart | null {
    const s = this.state;
    if (!s || this.fallback) return null;
    if (this.announced && !this.completed.length) return null;
    const part: RtPart = { complete: this.completed };
    if (!this.announced) {
      part.header = s.set;
      this.announced = true;
    }
    this.completed = [];
    return part;
  }
}
