import { describe, expect, it } from 'vitest';
import type { Dataset } from './part10';
import { first, items, numbers, readBack } from './readBack';
import { generateSampleStudy } from './sampleStudy';
import { SopClass } from './uids';

const study = generateSampleStudy({ rows: 64, columns: 64, slices: 10 });
const parsed = (name: string): Dataset => readBack(study.find((f) => f.name === name) ?? study[0]).dataset;
const cts = study.filter((f) => f.name.startsWith('CT/')).map((f) => readBack(f).dataset);
const ctByUid = new Map(cts.map((ct) => [ct.SOPInstanceUID as string, ct]));
const seg = parsed('SEG.dcm');
const rt = parsed('RTSTRUCT.dcm');
const sr = parsed('SR.dcm');

describe('sample RTSTRUCT', () => {
  const rois = items(rt, 'StructureSetROISequence');
  const contours = items(rt, 'ROIContourSequence');
  const observations = items(rt, 'RTROIObservationsSequence');

  it('declares Body, GTV, Liver, Spinal cord and the Isocenter point with their types', () => {
    expect(rois.map((r) => r.ROIName)).toEqual(['Body', 'GTV', 'Liver', 'Spinal cord', 'Isocenter']);
    expect(observations.map((o) => o.RTROIInterpretedType)).toEqual(['EXTERNAL', 'GTV', 'ORGAN', 'ORGAN', 'ISOCENTER']);
    for (const roi of rois) expect(roi.ReferencedFrameOfReferenceUID).toBe(cts[0].FrameOfReferenceUID);
    for (const roi of contours) expect(numbers(roi, 'ROIDisplayColor')).toHaveLength(3);
  });

  it('references every CT slice of the series from its frame of reference', () => {
    const study = first(first(rt, 'ReferencedFrameOfReferenceSequence'), 'RTReferencedStudySequence');
    expect(study.ReferencedSOPInstanceUID).toBe(cts[0].StudyInstanceUID);
    const series = first(study, 'RTReferencedSeriesSequence');
    expect(series.SeriesInstanceUID).toBe(cts[0].SeriesInstanceUID);
    expect(items(series, 'ContourImageSequence').map((i) => i.ReferencedSOPInstanceUID)).toEqual(
      cts.map((ct) => ct.SOPInstanceUID),
    );
  });

  it('puts every contour point on the plane of the CT slice it references', () => {
    let checked = 0;
    contours.forEach((roi, r) => {
      const list = items(roi, 'ContourSequence');
      expect(list.length).toBeGreaterThan(0);
      for (const contour of list) {
        const ct = ctByUid.get(first(contour, 'ContourImageSequence').ReferencedSOPInstanceUID as string);
        expect(ct).toBeDefined();
        const z = numbers(ct as Dataset, 'ImagePositionPatient')[2];
        const data = numbers(contour, 'ContourData');
        expect(data.length).toBe(3 * Number(contour.NumberOfContourPoints));
        for (let i = 2; i < data.length; i += 3) expect(data[i]).toBe(z);
        expect(contour.ContourGeometricType).toBe(r === 4 ? 'POINT' : 'CLOSED_PLANAR');
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(10);
  });
});

describe('sample TID 1500 SR', () => {
  const content = items(sr, 'ContentSequence');
  const concept = (item: Dataset): string => String(first(item, 'ConceptNameCodeSequence').CodeValue);
  const measurements = content.find((item) => concept(item) === '126010') as Dataset;
  const groups = items(measurements, 'ContentSequence');
  const child = (group: Dataset, code: string): Dataset | undefined =>
    items(group, 'ContentSequence').find(
      (item) => items(item, 'ConceptNameCodeSequence').length > 0 && concept(item) === code,
    );

  it('is an Imaging Measurement Report following TID 1500', () => {
    expect(concept(sr)).toBe('126000');
    expect(sr.ValueType).toBe('CONTAINER');
    expect(first(sr, 'ContentTemplateSequence')).toMatchObject({ MappingResource: 'DCMR', TemplateIdentifier: '1500' });
    expect(content.map(concept)).toEqual(expect.arrayContaining(['121049', '121005', '121058', '111028', '126010']));
    expect(sr.CompletionFlag).toBe('COMPLETE');
  });

  it('has a volumetric group per SEG segment, referencing the SEG instance and segment number', () => {
    const segments = items(seg, 'SegmentSequence');
    const volumetric = groups.filter((group) => child(group, '121191'));
    expect(volumetric).toHaveLength(segments.length);
    volumetric.forEach((group, i) => {
      const reference = first(child(group, '121191') as Dataset, 'ReferencedSOPSequence');
      expect(reference.ReferencedSOPClassUID).toBe(SopClass.Segmentation);
      expect(reference.ReferencedSOPInstanceUID).toBe(seg.SOPInstanceUID);
      expect(reference.ReferencedSegmentNumber).toBe(i + 1);
      expect(child(group, '112039')?.TextValue).toBe(segments[i].TrackingID);
      expect(child(group, '112040')?.UID).toBe(segments[i].TrackingUID);
      expect(child(group, '121232')?.UID).toBe(cts[0].SeriesInstanceUID);
      const volume = first(child(group, '118565006') as Dataset, 'MeasuredValueSequence');
      expect(first(volume, 'MeasurementUnitsCodeSequence').CodeValue).toBe('mm3');
      expect(Number(volume.NumericValue)).toBeGreaterThan(0);
      const mean = child(group, '112031') as Dataset;
      expect(first(first(mean, 'MeasuredValueSequence'), 'MeasurementUnitsCodeSequence').CodeValue).toBe("[hnsf'U]");
      expect(first(first(mean, 'ContentSequence'), 'ConceptCodeSequence').CodeValue).toBe('373098007');
    });
  });

  it('has a planar group with a closed POLYLINE on a CT slice and a long axis', () => {
    const planar = groups.find((group) => child(group, '111030')) as Dataset;
    const region = child(planar, '111030') as Dataset;
    expect(region.ValueType).toBe('SCOORD');
    expect(region.GraphicType).toBe('POLYLINE');
    const data = numbers(region, 'GraphicData');
    expect(data.slice(0, 2)).toEqual(data.slice(-2));
    const image = first(first(region, 'ContentSequence'), 'ReferencedSOPSequence');
    expect(ctByUid.has(image.ReferencedSOPInstanceUID as string)).toBe(true);
    const longAxis = Number(first(child(planar, '103339001') as Dataset, 'MeasuredValueSequence').NumericValue);
    expect(longAxis).toBeGreaterThan(20);
    expect(longAxis).toBeLessThan(60);
    expect(first(child(planar, '121403') as Dataset, 'ConceptCodeSequence').CodeValue).toBe('386134007');
  });

  it('lists the CT instances and the SEG as evidence', () => {
    const evidence = first(sr, 'CurrentRequestedProcedureEvidenceSequence');
    expect(evidence.StudyInstanceUID).toBe(cts[0].StudyInstanceUID);
    const series = items(evidence, 'ReferencedSeriesSequence');
    const uids = series.flatMap((s) => items(s, 'ReferencedSOPSequence').map((r) => r.ReferencedSOPInstanceUID));
    expect(uids).toEqual([...cts.map((ct) => ct.SOPInstanceUID), seg.SOPInstanceUID]);
  });
});
