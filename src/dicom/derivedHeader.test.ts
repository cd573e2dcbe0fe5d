// The header read from a derived object's own bytes must say what the independent MANIFEST.json says of every real
// derived file (its references and Frame of Reference), and a read of the first bytes only must never say less.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, shared } from '../testing/sharedData';
import { readDerivedHeader, readDerivedHeaderEarly } from './derivedHeader';

interface ManifestDerived {
  path: string;
  sopClassUID: string;
  sopInstanceUID: string;
  frameOfReferenceUID: string | null;
  referencedSeriesInstanceUIDs: string[];
  segmentation?: { frames: number; segments: Array<{ number: number }> };
}

const derived: ManifestDerived[] = HAS_SHARED_DATA
  ? (JSON.parse(readFileSync(shared('MANIFEST.json'), 'utf8')) as { derived: ManifestDerived[] }).derived
  : [];

describe.runIf(HAS_SHARED_DATA || process.env.CI)('derived header from Part 10 bytes', () => {
  it('covers the real files', () => expect(derived.length).toBeGreaterThan(10));

  for (const d of derived) {
    it(`${d.path}: references, frame of reference, frames and segments as the manifest says`, () => {
      const bytes = new Uint8Array(readFileSync(shared(d.path)));
      const h = readDerivedHeader(bytes, d.path);
      expect(h.sopInstanceUID).toBe(d.sopInstanceUID);
      expect(h.sopClassUID).toBe(d.sopClassUID);
      expect(h.referencedSeriesUIDs).toEqual([...d.referencedSeriesInstanceUIDs].sort());
      if (d.frameOfReferenceUID) expect(h.frameOfReferenceUID).toBe(d.frameOfReferenceUID);
      if (d.segmentation) {
        expect(h.numberOfFrames).toBe(d.segmentation.frames);
        expect(h.segmentNumbers).toEqual(d.segmentation.segments.map((s) => s.number));
      }
    });

    it(`${d.path}: a read of its first bytes answers the same or waits (null), at every cut`, () => {
      const bytes = new Uint8Array(readFileSync(shared(d.path)));
      const whole = readDerivedHeader(bytes, d.path);
      let answered = 0;
      for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 97))) {
        const early = readDerivedHeaderEarly(bytes.subarray(0, cut), d.path);
        if (early) {
          answered++;
          expect(early).toEqual(whole);
        }
      }
      // A SEG's header comes well ahead of its pixels: it is known before the download ends.
      if (d.segmentation && bytes.length > 200_000) expect(answered).toBeGreaterThan(0);
    });

    // The bulk of a header that says nothing of what the object references: a SEG's per-frame groups (megabytes
    // in a big one), an RTSTRUCT's contours. What comes before them is all the page needs to place the object.
    const bulkTag = d.segmentation ? [0x00, 0x52, 0x30, 0x92] : d.sopClassUID === '1.2.840.10008.5.1.4.1.1.481.3' ? [0x06, 0x30, 0x39, 0x00] : null;
    if (bulkTag) {
      it(`${d.path}: its header is read from the bytes up to the start of its ${d.segmentation ? 'per-frame groups' : 'contours'}`, () => {
        const bytes = new Uint8Array(readFileSync(shared(d.path)));
        let at = bytes.indexOf(bulkTag[0]);
        while (at >= 0 && !bulkTag.every((b, i) => bytes[at + i] === b)) at = bytes.indexOf(bulkTag[0], at + 1);
        expect(at).toBeGreaterThan(0);
        // Tag, VR and length of the element are in (12 bytes), none of its items.
        expect(readDerivedHeaderEarly(bytes.subarray(0, at + 12), d.path)).toEqual(readDerivedHeader(bytes, d.path));
      });
    }
  }
});
