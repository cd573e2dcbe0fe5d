// How labelmap layers are drawn (visible, hidden segments, style, a map's colours) is kept by the viewer alone;
// panels read it from there and re-render when it changes.
import { useEffect, useState } from 'react';
import type { ViewerController } from '../viewer/ViewerController';

/** A number that changes whenever how a layer is drawn changes in the viewer: a dependency for what reads it. */
export function useLayerDisplayChanges(viewer: { current: ViewerController | null }, viewerReady: boolean): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => (viewerReady ? viewer.current?.onLabelmapDisplay(() => setChanges((n) => n + 1)) : undefined), [viewerReady, viewer]);
  return changes;
}
