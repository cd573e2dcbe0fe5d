// Real files in ../shared/data that exercise the image decoders; each shares its UIDs with its siblings,
// so each is served as its own DICOMweb root (/dw/<name>). `sameAs`: a lossless encoding of that mount's image.
export interface Mount {
  name: string;
  file: string;
  sameAs?: string;
}
export const COMPRESSED_MOUNTS: Mount[] = [
  { name: 'ct-explicit', file: 'cornerstone3D/dicomImageLoader-testImages/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm' },
  { name: 'ct-jpeg-lossless', file: 'cornerstone3D/dicomImageLoader-testImages/CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm', sameAs: 'ct-explicit' },
  { name: 'ct-jpeg-ls', file: 'cornerstone3D/dicomImageLoader-testImages/CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm', sameAs: 'ct-explicit' },
  { name: 'ct-jpeg2000', file: 'cornerstone3D/dicomImageLoader-testImages/CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm', sameAs: 'ct-explicit' },
  { name: 'ct-rle', file: 'cornerstone3D/dicomImageLoader-testImages/CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm', sameAs: 'ct-explicit' },
  { name: 'emr-raw', file: 'pydicom-data/emri_small.dcm' },
  { name: 'emr-rle', file: 'pydicom-data/emri_small_RLE.dcm', sameAs: 'emr-raw' },
  { name: 'emr-jpeg2000', file: 'pydicom-data/emri_small_jpeg_2k_lossless.dcm', sameAs: 'emr-raw' },
  { name: 'emr-jpeg-ls', file: 'pydicom-data/emri_small_jpeg_ls_lossless.dcm', sameAs: 'emr-raw' },
  { name: 'ect', file: 'pydicom-data/eCT_Supplemental.dcm' },
  { name: 'legacy-mf', file: 'dcmqi/segmentations/23x38x3/multiframe/mf.dcm' },
];

/** Copied with its codestream damaged, for the undecodable-image message */
export const BROKEN_SOURCE = 'cornerstone3D/dicomImageLoader-testImages/CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm';

/** Made at set-up from the explicit-VR CT with dcmtk and OpenJPH (e2e/generatedFixtures.ts) */
export const GENERATED_MOUNTS: Mount[] = [
  { name: 'ct-jpeg-baseline', file: '(generated: 8-bit, dcmcjpeg +eb)' },
  { name: 'ct-deflate', file: '(generated: dcmconv +td)', sameAs: 'ct-explicit' },
  { name: 'ct-htj2k', file: '(generated: HTJ2K lossless, OpenJPH)', sameAs: 'ct-explicit' },
];

/**
 * SEGs served with the images they annotate, each pair as its own DICOMweb root (/dw/<name>) so the viewer shows
 * that SEG alone. liver.dcm and liver_j2k.dcm do not share SOP or Series UIDs (MANIFEST.json), but both annotate
 * the same CT study: side by side they would change what the default root shows.
 */
export const SEG_MOUNTS = {
  liverNative: { name: 'seg-liver', paths: ['dcmqi/segmentations/ct-3slice', 'dcmqi/segmentations/liver.dcm'] },
  liverJ2k: { name: 'seg-liver-j2k', paths: ['dcmqi/segmentations/ct-3slice', 'pydicom-data/liver_j2k.dcm'] },
  /** highdicom's FRACTIONAL (PROBABILITY) SEG on the 16x16 CT series it references (CT2, not ct_image.dcm) */
  fractional: {
    name: 'seg-fractional',
    paths: ['pydicom/dicomdirtests/77654033/CT2', 'highdicom/seg_image_ct_true_fractional.dcm'],
    seg: 'highdicom/seg_image_ct_true_fractional.dcm',
  },
} as const;
