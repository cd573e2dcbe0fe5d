// Standardised uptake value, body weight (SUVbw), of a PET image from its header, or the reason it cannot be had.
//
//   SUVbw = activity concentration (Bq/mL) x patient weight (g) / injected dose decayed to the scan start (Bq)
//   decayed dose = RadionuclideTotalDose x 2^(-(scan start - injection time) / RadionuclideHalfLife)
//
// As the QIBA / Vendor-neutral SUV definitions take it: Units must be BQML; images decay corrected to the series
// start (DecayCorrection START) use the series date and time as the scan start (the earliest acquisition time when
// the series time is after it, as some scanners write it at reconstruction); images corrected to the
// administration (ADMIN) need no decay; uncorrected images (NONE) would need a per-image decay and are refused.
// The factor multiplies the modality value (stored x slope + intercept) of every image of the series.
import { num, seq, str, strs, type DicomJsonDataset } from '../json';

const T = {
  Modality: '00080060',
  SeriesDate: '00080021',
  SeriesTime: '00080031',
  AcquisitionDate: '00080022',
  AcquisitionTime: '00080032',
  PatientWeight: '00101030',
  CorrectedImage: '00280051',
  Units: '00541001',
  DecayCorrection: '00541102',
  RadiopharmaceuticalInformationSequence: '00540016',
  RadiopharmaceuticalStartTime: '00181072',
  RadiopharmaceuticalStartDateTime: '00181078',
  RadionuclideTotalDose: '00181074',
  RadionuclideHalfLife: '00181075',
} as const;

export type SuvResult =
  | { suvbw: number; weightKg: number; doseBq: number; halfLifeS: number; elapsedS: number }
  | { suvbw: null; units: string; reason: string };

/** Seconds since midnight of a DICOM TM (HHMMSS.FFFFFF, parts optional); null when it is not one. */
export function secondsOfTime(tm: string | undefined): number | null {
  const m = /^(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,6}))?$/.exec((tm ?? '').trim().replace(/:/g, ''));
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + (m[4] ? Number(`0.${m[4]}`) : 0);
}

/** Seconds since the epoch of a DA and TM (UTC, since only differences matter). */
function instant(da: string | undefined, tm: string | undefined): number | null {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec((da ?? '').trim());
  const s = secondsOfTime(tm);
  if (!d || s === null) return null;
  return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) / 1000 + s;
}

/** A DT (YYYYMMDDHHMMSS.FFFFFF, no offset used) as seconds since the epoch. */
function instantOfDateTime(dt: string | undefined): number | null {
  const m = /^(\d{8})(\d{2,6}(?:\.\d{1,6})?)/.exec((dt ?? '').trim());
  return m ? instant(m[1], m[2]) : null;
}

const refuse = (units: string, reason: string): SuvResult => ({ suvbw: null, units, reason });

/** SUVbw factor of a PET image header (DICOM JSON), or the stored units and why SUV cannot be had. */
export function suvBodyWeight(ds: DicomJsonDataset): SuvResult {
  const units = (str(ds, T.Units) ?? '').trim().toUpperCase();
  if (str(ds, T.Modality) !== 'PT') return refuse(units || 'stored units', 'not a PET image');
  if (units !== 'BQML') return refuse(units || 'stored units', units ? `Units are ${units}, not BQML` : 'Units (0054,1001) are not given');
  const corrected = strs(ds, T.CorrectedImage).map((s) => s.trim().toUpperCase());
  const decay = (str(ds, T.DecayCorrection) ?? '').trim().toUpperCase();
  if (corrected.length && !corrected.includes('DECY')) return refuse(units, 'the images are not decay corrected (CorrectedImage lacks DECY)');
  if (decay !== 'START' && decay !== 'ADMIN') return refuse(units, decay ? `DecayCorrection is ${decay} (only START and ADMIN are supported)` : 'DecayCorrection (0054,1102) is not given');
  const weightKg = num(ds, T.PatientWeight);
  if (!weightKg || weightKg <= 0) return refuse(units, "the patient's weight (0010,1030) is not given");
  const drug = seq(ds, T.RadiopharmaceuticalInformationSequence)[0];
  if (!drug) return refuse(units, 'the Radiopharmaceutical Information Sequence is missing');
  const doseBq = num(drug, T.RadionuclideTotalDose);
  const halfLifeS = num(drug, T.RadionuclideHalfLife);
  if (!doseBq || doseBq <= 0) return refuse(units, 'the injected dose (RadionuclideTotalDose) is not given');
  if (!halfLifeS || halfLifeS <= 0) return refuse(units, 'the half-life (RadionuclideHalfLife) is not given');
  let elapsedS = 0;
  if (decay === 'START') {
    const seriesDate = str(ds, T.SeriesDate);
    let start = instant(seriesDate, str(ds, T.SeriesTime));
    const acquired = instant(str(ds, T.AcquisitionDate) ?? seriesDate, str(ds, T.AcquisitionTime));
    if (start !== null && acquired !== null && acquired < start) start = acquired;
    if (start === null) return refuse(units, 'the series date and time are not given');
    let injected = instantOfDateTime(str(drug, T.RadiopharmaceuticalStartDateTime));
    if (injected === null) {
      const t = secondsOfTime(str(drug, T.RadiopharmaceuticalStartTime));
      if (t === null) return refuse(units, 'the injection time (RadiopharmaceuticalStartTime) is not given');
      // A time alone is on the series' day, or the day before when that puts it after the scan (past midnight).
      injected = instant(seriesDate, str(drug, T.RadiopharmaceuticalStartTime)) as number;
      if (injected > start) injected -= 86_400;
    }
    elapsedS = start - injected;
    if (elapsedS < 0) return refuse(units, 'the injection is after the scan start');
  }
  const decayedDose = doseBq * Math.pow(2, -elapsedS / halfLifeS);
  return { suvbw: (weightKg * 1000) / decayedDose, weightKg, doseBq, halfLifeS, elapsedS };
}
