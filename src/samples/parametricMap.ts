// Parametric Map Storage over the sample CT: real world values of a formula of patient position (mm), stored as
// float32 (Float Pixel Data), float64 (Double Float Pixel Data) or uint16 with a slope and intercept, on the CT
// grid or a grid of its own, for all slices or some, in any frame order, native or with each frame deflated.
import { deflateRawSync } from 'node:zlib';
import { codeItem, encodePart10 } from './part10';
import type { Code, Dataset, SampleFile } from './part10';
import { STUDY_DATE, STUDY_TIME, contextUid, equipment, patientAndStudy, sopCommon } from './studyContext';
import type { StudyContext } from './studyContext';
import { SopClass } from './uids';
import { formatDS } from './valueFormat';
import { ImageOrientationPatient } from './volumeGeometry';

const ParametricMapStorage = '1.2.840.10008.5.1.4.1.1.30';
const DeflatedImageFrameCompression = '1.2.840.10008.1.2.8.1';

/** The in-plane grid of the map: the CT's unless given. Numbers are written as DS, and used as written. */
export interface MapGrid {
  rows: number;
  columns: number;
  rowSpacing: number;
  columnSpacing: number;
  /** patient x, y of the centre of pixel (0, 0) */
  originX: number;
  originY: number;
}

export interface ParametricMapInput {
  context: StudyContext;
  fileName: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  /** real world value at a patient position (mm) */
  value: (x: number, y: number, z: number) => number;
  pixelType: 'float32' | 'float64' | 'uint16';
  /** uint16: stored = round((value - intercept) / slope), clamped to 0..65535 (floats: 1 and 0) */
  slope?: number;
  intercept?: number;
  /** CT slice of each frame, in storage order (default: every slice, head to feet) */
  sliceIndexes?: readonly number[];
  grid?: MapGrid;
  /** 'deflated': Deflated Image Frame Compression, each frame one raw deflate stream */
  encoding?: 'native' | 'deflated';
  lutLabel: string;
  lutExplanation: string;
  quantity: Code;
  units: Code;
  /** broken or unusual maps for tests: no RealWorldValueMappingSequence */
  omitRealWorldValueMapping?: boolean;
  /** the shared ImageOrientationPatient (default the CT's axial one) */
  imageOrientationPatient?: string[];
  /** top-level attributes written over the generated ones (e.g. NumberOfFrames, FrameOfReferenceUID) */
  overrides?: Dataset;
}

const QUANTITY_CONCEPT: Code = { value: '246205007', scheme: 'SCT', meaning: 'Quantity' };

/** A DS number as a reader sees it. */
const ds = (v: number): number => Number(formatDS(v));

/** The stored value of one real world value (what the file holds). */
export function storedValue(
  input: Pick<ParametricMapInput, 'pixelType' | 'slope' | 'intercept'>,
  value: number,
): number {
  if (input.pixelType !== 'uint16') return input.pixelType === 'float32' ? Math.fround(value) : value;
  const s = Math.round((value - (input.intercept ?? 0)) / (input.slope ?? 1));
  return Math.min(65535, Math.max(0, s));
}

/** The grid as written (DS-rounded), the CT's when none is given. */
export function mapGrid(input: Pick<ParametricMapInput, 'context' | 'grid'>): MapGrid {
  const g = input.grid ?? input.context.geometry;
  return {
    rows: g.rows,
    columns: g.columns,
    rowSpacing: ds(g.rowSpacing),
    columnSpacing: ds(g.columnSpacing),
    originX: ds(g.originX),
    originY: ds(g.originY),
  };
}

const BYTES = { float32: 4, float64: 8, uint16: 2 } as const;

/** One frame's stored values, little endian, into `out` (rows x columns values). */
function writeFrame(input: ParametricMapInput, grid: MapGrid, z: number, out: Uint8Array): Uint8Array {
  const size = BYTES[input.pixelType];
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let r = 0, i = 0; r < grid.rows; r++) {
    const y = grid.originY + r * grid.rowSpacing;
    for (let c = 0; c < grid.columns; c++, i++) {
      const v = storedValue(input, input.value(grid.originX + c * grid.columnSpacing, y, z));
      if (size === 8) view.setFloat64(i * 8, v, true);
      else if (size === 4) view.setFloat32(i * 4, v, true);
      else view.setUint16(i * 2, v, true);
    }
  }
  return out;
}

function pixelModule(input: ParametricMapInput, grid: MapGrid): Dataset {
  const common = {
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: grid.rows,
    Columns: grid.columns,
  };
  if (input.pixelType === 'uint16')
    return { ...common, BitsAllocated: 16, BitsStored: 16, HighBit: 15, PixelRepresentation: 0 };
  return { ...common, BitsAllocated: input.pixelType === 'float64' ? 64 : 32 };
}

/** Parametric Map Storage over the sample CT (see the module comment). */
export function parametricMapFile(input: ParametricMapInput): SampleFile {
  const { context } = input;
  const grid = mapGrid(input);
  const slices = input.sliceIndexes ?? context.geometry.sliceZ.map((_, k) => k);
  const isFloat = input.pixelType !== 'uint16';
  const slope = isFloat ? 1 : (input.slope ?? 1);
  const intercept = isFloat ? 0 : (input.intercept ?? 0);
  const dimensionOrganizationUID = contextUid(context, `dimension-organization/${input.sopInstanceUID}`);
  const dataset: Dataset = {
    ...sopCommon(ParametricMapStorage, input.sopInstanceUID),
    ...patientAndStudy(context),
    Modality: 'OT',
    SeriesInstanceUID: input.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDate: STUDY_DATE,
    SeriesTime: STUDY_TIME,
    SeriesDescription: input.seriesDescription,
    FrameOfReferenceUID: context.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ...equipment(),
    InstanceNumber: 1,
    ContentDate: STUDY_DATE,
    ContentTime: STUDY_TIME,
    ImageType: ['DERIVED', 'PRIMARY', 'VOLUME', 'NONE'],
    ContentLabel: 'MAP',
    ContentDescription: input.lutExplanation,
    ContentCreatorName: 'Generator^Phantom',
    ContentQualification: 'RESEARCH',
    BurnedInAnnotation: 'NO',
    RecognizableVisualFeatures: 'NO',
    LossyImageCompression: '00',
    PresentationLUTShape: 'IDENTITY',
    AcquisitionContextSequence: [],
    ...pixelModule(input, grid),
    NumberOfFrames: slices.length,
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [
          {
            PixelSpacing: [formatDS(grid.rowSpacing), formatDS(grid.columnSpacing)],
            SliceThickness: formatDS(context.geometry.sliceSpacing),
            SpacingBetweenSlices: formatDS(context.geometry.sliceSpacing),
          },
        ],
        PlaneOrientationSequence: [
          { ImageOrientationPatient: input.imageOrientationPatient ?? ImageOrientationPatient },
        ],
        ParametricMapFrameTypeSequence: [{ FrameType: ['DERIVED', 'PRIMARY', 'VOLUME', 'NONE'] }],
        FrameAnatomySequence: [
          {
            AnatomicRegionSequence: [codeItem({ value: '38266002', scheme: 'SCT', meaning: 'Entire body' })],
            FrameLaterality: 'U',
          },
        ],
        FrameVOILUTSequence: [{ WindowCenter: '500', WindowWidth: '1000' }],
        PixelValueTransformationSequence: [{ RescaleIntercept: '0', RescaleSlope: '1', RescaleType: 'US' }],
        RealWorldValueMappingSequence: input.omitRealWorldValueMapping
          ? undefined
          : [
              {
                LUTExplanation: input.lutExplanation,
                LUTLabel: input.lutLabel,
                MeasurementUnitsCodeSequence: [codeItem(input.units)],
                QuantityDefinitionSequence: [
                  {
                    ValueType: 'CODE',
                    ConceptNameCodeSequence: [codeItem(QUANTITY_CONCEPT)],
                    ConceptCodeSequence: [codeItem(input.quantity)],
                  },
                ],
                // Float maps state their range as double floats (PS3.3 C.7.6.16.2.11.1); integers as stored values.
                ...(isFloat
                  ? { DoubleFloatRealWorldValueFirstValueMapped: -1e30, DoubleFloatRealWorldValueLastValueMapped: 1e30 }
                  : { RealWorldValueFirstValueMapped: 0, RealWorldValueLastValueMapped: 65535 }),
                RealWorldValueIntercept: intercept,
                RealWorldValueSlope: slope,
              },
            ],
      },
    ],
    // No Derivation Image functional group: frames are placed by their plane, as highdicom's maps are.
    PerFrameFunctionalGroupsSequence: slices.map((k, f) => ({
      FrameContentSequence: [{ DimensionIndexValues: [f + 1] }],
      PlanePositionSequence: [
        {
          ImagePositionPatient: [formatDS(grid.originX), formatDS(grid.originY), formatDS(context.geometry.sliceZ[k])],
        },
      ],
    })),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUID }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUID,
        DimensionIndexPointer: 0x00200032,
        FunctionalGroupPointer: 0x00209113,
        DimensionDescriptionLabel: 'ImagePositionPatient',
      },
    ],
    // The CT slices the values come from (image level, as highdicom writes it: frames are placed by their plane).
    SourceImageSequence: slices.map((k) => ({
      ReferencedSOPClassUID: SopClass.CTImage,
      ReferencedSOPInstanceUID: context.ctSopInstanceUIDs[k],
    })),
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: context.ctSeriesInstanceUID,
        ReferencedInstanceSequence: slices.map((k) => ({
          ReferencedSOPClassUID: SopClass.CTImage,
          ReferencedSOPInstanceUID: context.ctSopInstanceUIDs[k],
        })),
      },
    ],
  };
  Object.assign(dataset, input.overrides);
  const shared = (dataset.SharedFunctionalGroupsSequence as Dataset[])[0];
  if (shared.RealWorldValueMappingSequence === undefined) delete shared.RealWorldValueMappingSequence;
  const vr = input.pixelType === 'float64' ? 'OD' : input.pixelType === 'float32' ? 'OF' : 'OW';
  const element = input.pixelType === 'float64' ? 0x0009 : input.pixelType === 'float32' ? 0x0008 : 0x0010;
  const frameLength = grid.rows * grid.columns * BYTES[input.pixelType];
  const z = (k: number): number => ds(context.geometry.sliceZ[k]);
  if (input.encoding === 'deflated') {
    const fragments = slices.map(
      (k) => new Uint8Array(deflateRawSync(writeFrame(input, grid, z(k), new Uint8Array(frameLength)))),
    );
    const pixelData = {
      vr: vr === 'OW' ? 'OB' : vr,
      element,
      bytes: new Uint8Array(0),
      fragments,
      transferSyntaxUID: DeflatedImageFrameCompression,
    } as const;
    return { name: input.fileName, bytes: encodePart10(dataset, pixelData) };
  }
  // One buffer for all frames: the benchmark map is 300 MB.
  const all = new Uint8Array(slices.length * frameLength);
  slices.forEach((k, f) => writeFrame(input, grid, z(k), all.subarray(f * frameLength, (f + 1) * frameLength)));
  return { name: input.fileName, bytes: encodePart10(dataset, { vr, element, bytes: all }) };
}
