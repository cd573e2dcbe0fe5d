// Structure sets: per RTSTRUCT its ROIs with colour, name, interpreted type and number of contours;
// visibility per ROI and for all; jump to an ROI's middle slice; search by name. While one downloads, its ROIs
// still coming are greyed and marked, with a count.
import { useState, type ReactNode } from 'react';
import { roiDisplayName } from '../dicom/rtstruct/model';
import type { StructEntry } from './useStructureSets';
import { ObjectPhase } from './ObjectPhase';
import { formatDate } from './studyModel';

export interface StructPanelActions {
  toggleSet: (key: string) => void;
  toggleFill: (key: string) => void;
  toggleRoi: (key: string, roiIndex: number) => void;
  showOnlyRoi: (key: string, roiIndex: number) => void;
  jumpToRoi: (key: string, roiIndex: number) => void;
}

function placedText(total: number, placed: number): string {
  if (total === 0) return 'no contours';
  const noun = total === 1 ? 'contour' : 'contours';
  return placed === total ? `${total} ${noun}` : `${placed} of ${total} ${noun} on this series`;
}

/** 1-based slice numbers as the overlay shows them ("Slice n/N"). */
function sliceRange(indices: number[]): string {
  if (!indices.length) return '';
  const lo = Math.min(...indices) + 1;
  const hi = Math.max(...indices) + 1;
  return lo === hi ? `slice ${lo}` : `slices ${lo}–${hi}`;
}

/** `extra`: what else to show under a structure set (its statistics). */
export function StructPanel({ entries, actions, extra }: { entries: StructEntry[]; actions: StructPanelActions; extra?: (key: string) => ReactNode }) {
  const [query, setQuery] = useState('');
  if (!entries.length) return null;
  const q = query.trim().toLowerCase();
  return (
    <section className="seg-panel" aria-label="Structure sets">
      <h2>Structure sets</h2>
      <input type="search" className="seg-search" placeholder="Find ROI" aria-label="Find ROI by name" value={query} onChange={(e) => setQuery(e.target.value)} />
      {entries.map((e) => (
        <div key={e.key} className="seg-series" data-rtstruct-key={e.key} data-status={e.status}>
          <div className="seg-series-head">
            <label>
              <input type="checkbox" checked={e.visible} disabled={e.status !== 'ready'} onChange={() => actions.toggleSet(e.key)} aria-label={`Show ${e.set?.structureSetLabel || e.seriesLabel}`} />
              <span className="seg-series-label">{e.set?.structureSetLabel || e.seriesLabel}</span>
            </label>
            {e.status === 'loading' && (
              <span className="muted" role="status">
                <ObjectPhase sop={e.key} />
              </span>
            )}
            {e.status === 'ready' && (
              <label className="muted">
                <input type="checkbox" checked={e.fill} onChange={() => actions.toggleFill(e.key)} aria-label={`Fill the contours of ${e.set?.structureSetLabel || e.seriesLabel}`} /> fill
              </label>
            )}
          </div>
          {e.set && (
            <div className="seg-meta muted">
              {[e.set.structureSetDate ? formatDate(e.set.structureSetDate) : null, `${e.set.rois.length} ROIs`].filter(Boolean).join(' · ')}
            </div>
          )}
          {e.status === 'loading' && e.coming && e.coming.size > 0 && (
            <div className="seg-coming muted" role="status">{`${e.coming.size} ROI${e.coming.size === 1 ? '' : 's'} still coming`}</div>
          )}
          {e.message && (
            <div className={e.status === 'error' ? 'warn' : 'muted'} role={e.status === 'error' ? 'alert' : 'note'}>
              {e.message}
            </div>
          )}
          {e.set && (
            <ul className="segments" aria-label={`ROIs of ${e.seriesLabel}`}>
              {e.set.rois.map((roi, i) => {
                if (q && !roiDisplayName(roi).toLowerCase().includes(q)) return null;
                const placed = e.placement?.rois[i];
                const canJump = placed?.middleSliceIndex !== null && placed?.middleSliceIndex !== undefined;
                // Listed by the header, its contours still downloading.
                const later = (e.status === 'loading' && e.coming?.has(roi.roiNumber)) ?? false;
                return (
                  <li key={`${roi.roiNumber}-${i}`} className={`segment${later ? ' coming' : ''}`} data-roi-name={roiDisplayName(roi)} data-coming={later || undefined}>
                    <input type="checkbox" aria-label={`Show ${roiDisplayName(roi)}`} checked={e.visible && !e.hidden.has(i)} disabled={later} onChange={() => actions.toggleRoi(e.key, i)} />
                    <span className="swatch" style={{ background: `rgb(${roi.displayColor.join(',')})` }} aria-hidden="true" />
                    <button type="button" className="segment-name" disabled={!canJump} onClick={() => actions.jumpToRoi(e.key, i)} title={later ? 'Still coming: its contours are downloading' : canJump ? 'Jump to the middle slice of this ROI' : 'Not on this series'}>
                      {roiDisplayName(roi)}
                    </button>
                    <span className="segment-codes muted" title={placed?.problems.join(' ') || undefined}>
                      {later
                        ? ''
                        : [
                            roi.rtRoiInterpretedType,
                            placedText(roi.contours.length, placed?.placements.filter((p) => p.kind === 'slice').length ?? 0),
                            sliceRange(placed?.sliceIndices ?? []),
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                    </span>
                    {later ? (
                      <span className="segment-coming muted">coming</span>
                    ) : (
                      <button type="button" className="only" onClick={() => actions.showOnlyRoi(e.key, i)} title="Show only this ROI" aria-label={`Show only ${roiDisplayName(roi)}`}>
                        only
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          {e.status === 'ready' && extra?.(e.key)}
        </div>
      ))}
    </section>
  );
}
