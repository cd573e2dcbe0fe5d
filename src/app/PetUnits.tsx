// What a PET series' values are: SUVbw (with what it was computed from), or the stored units and why SUV cannot
// be had. Said once over the images; the hover readout says it per value.
import { suvBodyWeight, type SuvResult } from '../dicom/pet/suv';
import type { SeriesInfo } from './studyModel';

export function petSuv(s: SeriesInfo | undefined): SuvResult | null {
  const first = s?.modality === 'PT' ? s.metadata?.[0] : undefined;
  return first ? suvBodyWeight(first) : null;
}

export function PetUnits({ suv }: { suv: SuvResult | null }) {
  if (!suv) return null;
  const text =
    suv.suvbw !== null
      ? `PET values in SUVbw: ${suv.weightKg} kg, ${(suv.doseBq / 1e6).toFixed(1)} MBq injected ${Math.round(suv.elapsedS / 60)} min before the scan`
      : `PET values in stored units (${suv.units}): no SUV, ${suv.reason}`;
  return (
    <div className="pet-units" data-testid="pet-units" role="note">
      {text}
    </div>
  );
}
