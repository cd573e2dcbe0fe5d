// What the quality work adds to the SEG, structure-set and report panels: a statistics block under each SEG and
// structure set, the cross-check under each measurement report. Kept here so those panels only take a slot.
import { useCallback } from 'react';
import type { ReactNode } from 'react';
import { StatisticsBlock } from './StatisticsTable';
import { CrossCheckBlock } from './CrossCheckTable';
import type { Quality } from './useQuality';
import type { ReportEntry } from './useReports';

export function useQualityExtras(quality: Quality) {
  const { choices, stats, computeStatistics, imagePhase, checks, crossCheck, available } = quality;
  const block = useCallback(
    (kind: 'SEG' | 'RTSTRUCT') =>
      (key: string): ReactNode => {
        const choice = choices.find((c) => c.kind === kind && c.key === key);
        if (!choice || !available) return null;
        return <StatisticsBlock choice={choice} job={stats[key]} onCompute={() => computeStatistics(choice)} imagePhase={imagePhase} />;
      },
    [choices, stats, computeStatistics, imagePhase, available],
  );
  const report = useCallback(
    (entry: ReportEntry): ReactNode => {
      const mr = entry.report?.measurementReport;
      if (!mr || !available || !mr.measurementGroups.some((g) => g.referencedSegment)) return null;
      return <CrossCheckBlock label={entry.seriesLabel} job={checks[entry.key]} onRun={() => crossCheck(entry.key, mr)} imagePhase={imagePhase} />;
    },
    [checks, crossCheck, imagePhase, available],
  );
  return { seg: block('SEG'), struct: block('RTSTRUCT'), report };
}
