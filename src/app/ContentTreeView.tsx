// The content tree of an SR that is not a measurement report: one line per item (relationship, concept,
// value), collapsible, windowed so a tree of any size stays a few dozen DOM rows. Everything from the file is
// rendered as text.
import { useMemo, useState } from 'react';
import type { ContentItem } from '../dicom/sr/contentItem';
import { allExpandable, flattenTree, initiallyExpanded, referenceText, rowTitle, valueText } from './contentTreeRows';
import { useVirtualRows } from './useVirtualRows';

const ROW_HEIGHT = 22;

export function ContentTreeView({ root, label }: { root: ContentItem; label: string }) {
  const [expanded, setExpanded] = useState<Set<string>>(() => initiallyExpanded(root));
  const rows = useMemo(() => flattenTree(root, expanded), [root, expanded]);
  const toggle = (id: string): void =>
    setExpanded((e) => {
      const n = new Set(e);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <>
      <div className="report-tools">
        <button type="button" onClick={() => setExpanded(allExpandable(root))}>
          Expand all
        </button>
        <button type="button" onClick={() => setExpanded(new Set())}>
          Collapse all
        </button>
        <span className="count">{rows.length} rows</span>
      </div>
      <TreeRows rows={rows} label={label} toggle={toggle} />
    </>
  );
}

function TreeRows({ rows, label, toggle }: { rows: ReturnType<typeof flattenTree>; label: string; toggle: (id: string) => void }) {
  const { ref, win } = useVirtualRows<HTMLDivElement>(rows.length, ROW_HEIGHT);
  return (
    <div className="sr-tree virtual-scroll" ref={ref} tabIndex={0} role="region" aria-label={`Content tree of ${label}`}>
      <ul className="sr-tree-rows" style={{ paddingTop: win.before, paddingBottom: win.after }}>
        {rows.slice(win.start, win.end).map(({ node, depth, expandable, expanded }) => {
          const problems = node.kind === 'item' ? node.problems.length : 0;
          return (
            <li
              key={node.id}
              className={`sr-tree-row${node.kind === 'reference' ? ' reference' : ''}${node.kind === 'reference' && !node.target ? ' broken' : ''}`}
              data-item-id={node.id}
              title={rowTitle(node)}
              style={{ paddingLeft: depth * 12 }}
            >
              {expandable ? (
                <button type="button" className="tree-toggle" aria-expanded={expanded} aria-label={`${expanded ? 'Collapse' : 'Expand'} item ${node.id}`} onClick={() => toggle(node.id)}>
                  {expanded ? '▾' : '▸'}
                </button>
              ) : (
                <span className="tree-toggle" aria-hidden="true" />
              )}
              {node.relationshipType && <span className="rel">{node.relationshipType}</span>}
              {node.kind === 'reference' ? (
                <span className="item-text ref-text">{referenceText(node)}</span>
              ) : (
                <span className="item-text">
                  <span className="concept">{node.conceptName?.meaning ?? (node.valueType === 'CONTAINER' ? '(untitled)' : '')}</span>
                  {node.valueType !== 'CONTAINER' && <span className="value">{valueText(node)}</span>}
                </span>
              )}
              {problems > 0 && (
                <span className="ref-missing" role="img" aria-label={`${problems} problem(s)`}>
                  ⚠
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
