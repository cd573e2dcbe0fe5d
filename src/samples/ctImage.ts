import { encodePart10 } from './part10';
import type { Dataset, SampleFile } from './part10';
import { STUDY_DATE, STUDY_TIME, SeriesNumber, equipment, patientAndStudy, sopCommon } from './studyContext';
import type { StudyContext } from './studyContext';
import { SopClass } from './uids';
import { formatDS } from './valueFormat';
import { ImageOrientationPatient, imagePositionDS, pixelSpacingDS } from './volumeGeometry';

function ctFileName(sliceIndex: number): string {
  return `CT/${String(sliceIndex + 1).padStart(4, '0')}.dcm`;
}

export function ctSeriesDescription(context: StudyContext): string {
  return `CT phantom ${formatDS(context.geometry.sliceSpacing, 3)}mm`;
}

/** CT Image Storage dataset (without Pixel Data) for one slice. */
export function ctSliceDataset(context: StudyContext, sliceIndex: number): Dataset {
  const { geometry } = context;
  const z = geometry.sliceZ[sliceIndex];
  return {
    ...sopCommon(SopClass.CTImage, context.ctSopInstanceUIDs[sliceIndex]),
    ...patientAndStudy(context),
    // General Series
    Modality: 'CT',
    SeriesInstanceUID: context.ctSeriesInstanceUID,
    SeriesNumber: SeriesNumber.CT,
    SeriesDate: STUDY_DATE,
    SeriesTime: STUDY_TIME,
    SeriesDescription: ctSeriesDescription(context),
    BodyPartExamined: 'CHEST',
    PatientPosition: 'HFS',
    // Frame of Reference
    FrameOfReferenceUID: context.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ...equipment(),
    // General Image
    InstanceNumber: sliceIndex + 1,
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    AcquisitionNumber: 1,
    AcquisitionDate: STUDY_DATE,
    AcquisitionTime: STUDY_TIME,
    ContentDate: STUDY_DATE,
    ContentTime: STUDY_TIME,
    ImageComments: 'Synthetic phantom; not a patient image',
    // Image Plane
    PixelSpacing: pixelSpacingDS(geometry),
    ImageOrientationPatient,
    ImagePositionPatient: imagePositionDS(geometry, sliceIndex),
    SliceThickness: formatDS(geometry.sliceSpacing),
    SliceLocation: formatDS(z),
    // Image Pixel + CT Image
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: geometry.rows,
    Columns: geometry.columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    RescaleIntercept: '0',
    RescaleSlope: '1',
    RescaleType: 'HU',
    KVP: '120',
    DataCollectionDiameter: '500',
    ReconstructionDiameter: formatDS(geometry.columns * geometry.columnSpacing),
    GantryDetectorTilt: '0',
    TableHeight: '150',
    RotationDirection: 'CW',
    ExposureTime: '500',
    XRayTubeCurrent: 200,
    ConvolutionKernel: 'STANDARD',
    // VOI LUT: soft tissue first, lung second
    WindowCenter: ['40', '-600'],
    WindowWidth: ['400', '1500'],
    WindowCenterWidthExplanation: ['SOFT_TISSUE', 'LUNG'],
  };
}

function int16LittleEndian(values: Int16Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt16(i * 2, values[i], true);
  return bytes;
}

export function ctSliceFile(context: StudyContext, sliceIndex: number, hu: Int16Array): SampleFile {
  return {
    name: ctFileName(sliceIndex),
    bytes: encodePart10(ctSliceDataset(context, sliceIndex), { vr: 'OW', bytes: int16LittleEndian(hu) }),
  };
}
