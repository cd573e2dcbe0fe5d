// The viewer's measurements and primary tool as React state: read from the controller's plain-data subscriptions
// (src/viewer/measurementList.ts, measurementTools.ts), so no Cornerstone object reaches the page.
import { useCallback, useEffect, useState, type RefObject } from 'react';
import type { Measurement, PrimaryTool, ViewerController } from '../viewer/ViewerController';

export interface MeasurementsState {
  items: readonly Measurement[];
  tool: PrimaryTool;
  setTool: (t: PrimaryTool) => void;
  remove: (uid: string) => void;
  removeAll: () => void;
  /** false when no shown viewport can show it (drawn on another series) */
  jumpTo: (uid: string) => boolean;
}

export function useMeasurements(controller: RefObject<ViewerController | null>, ready: boolean): MeasurementsState {
  const [items, setItems] = useState<readonly Measurement[]>([]);
  const [tool, setToolState] = useState<PrimaryTool>('WindowLevel');
  useEffect(() => {
    const c = controller.current;
    if (!ready || !c) return undefined;
    setItems(c.measurements.list());
    setToolState(c.tools.current);
    const offList = c.measurements.subscribe(() => setItems(c.measurements.list()));
    const offTool = c.tools.subscribe(setToolState);
    return () => {
      offList();
      offTool();
    };
  }, [controller, ready]);
  const setTool = useCallback((t: PrimaryTool) => setToolState(controller.current?.tools.set(t) ?? 'WindowLevel'), [controller]);
  const remove = useCallback((uid: string) => controller.current?.measurements.remove(uid), [controller]);
  const removeAll = useCallback(() => controller.current?.measurements.removeAll(), [controller]);
  const jumpTo = useCallback((uid: string) => controller.current?.measurements.jumpTo(uid) ?? false, [controller]);
  return { items, tool, setTool, remove, removeAll, jumpTo };
}
