// Windowing for long lists of fixed-height rows: which rows a scroll position shows, and the empty space
// standing in for the rows above and below, so the DOM holds a few dozen rows whatever the list's length.

export interface WindowInput {
  /** scrollTop of the scrolling element, in px */
  scrollTop: number;
  /** height of the visible part of the rows, in px */
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** rows drawn beyond each edge, so a fast scroll does not show blank space before the next render */
  overscan?: number;
}

export interface RowWindow {
  /** first row drawn */
  start: number;
  /** one past the last row drawn */
  end: number;
  /** px of space above the first row drawn */
  before: number;
  /** px of space below the last row drawn */
  after: number;
}

export function rowWindow({ scrollTop, viewportHeight, rowHeight, count, overscan = 8 }: WindowInput): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const top = Math.max(0, Number.isFinite(scrollTop) ? scrollTop : 0);
  const height = Math.max(0, Number.isFinite(viewportHeight) ? viewportHeight : 0);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const last = Math.min(count, Math.ceil((top + height) / rowHeight));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, Math.max(last, first + 1) + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}

