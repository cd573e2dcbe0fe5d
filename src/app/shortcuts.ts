// The keyboard contract, in one table: the key handler (useKeyboard), the `?` overlay and the README all read it.
// Where OHIF v3 has a default binding for the same command we use its key, so IDC users' habits carry over
// (OHIF's platform/core defaults: arrows, Home/End, PageUp/PageDown for series, Space reset, R/L rotate, H/V flip,
// I invert, C cine, =/+/- zoom, 1-5 presets, left/right viewports, Esc cancelMeasurement, Backspace
// deleteActiveAnnotation). `ohif` records the difference, if any.
import { presetsFor, WINDOW_PRESETS, type AnyPreset } from '../viewer/presets';

/** What a key does; the page maps each to the viewer or to its own state. */
export type ShortcutCommand =
  | 'nextImage'
  | 'previousImage'
  | 'firstImage'
  | 'lastImage'
  | 'nextSeries'
  | 'previousSeries'
  | 'nextViewport'
  | 'previousViewport'
  | 'reset'
  | 'fit'
  | 'zoomIn'
  | 'zoomOut'
  | 'rotateRight'
  | 'rotateLeft'
  | 'flipHorizontal'
  | 'flipVertical'
  | 'invert'
  | 'cine'
  | 'cancelMeasurement'
  | 'deleteMeasurement'
  | 'toggleMpr'
  | 'help'
  | 'preset1'
  | 'preset2'
  | 'preset3'
  | 'preset4'
  | 'preset5';

export interface Shortcut {
  command: ShortcutCommand;
  /** KeyboardEvent.key values, letters in lower case (matched without regard to case) */
  keys: string[];
  /** the keys as shown to a person */
  shown: string;
  label: string;
  /** OHIF v3's default for the same command: 'same', another key, or 'none' (OHIF has no binding) */
  ohif: 'same' | 'none' | string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'nextImage', keys: ['arrowdown'], shown: '↓', label: 'Next image (slice)', ohif: 'same' },
  { command: 'previousImage', keys: ['arrowup'], shown: '↑', label: 'Previous image (slice)', ohif: 'same' },
  { command: 'firstImage', keys: ['home'], shown: 'Home', label: 'First image', ohif: 'same' },
  { command: 'lastImage', keys: ['end'], shown: 'End', label: 'Last image', ohif: 'same' },
  { command: 'nextSeries', keys: ['pagedown'], shown: 'Page Down', label: 'Next image series', ohif: 'same' },
  { command: 'previousSeries', keys: ['pageup'], shown: 'Page Up', label: 'Previous image series', ohif: 'same' },
  { command: 'nextViewport', keys: ['arrowright'], shown: '→', label: 'Next viewport (MPR)', ohif: 'same' },
  { command: 'previousViewport', keys: ['arrowleft'], shown: '←', label: 'Previous viewport (MPR)', ohif: 'same' },
  { command: 'reset', keys: [' '], shown: 'Space', label: 'Reset the view (window, zoom, pan, rotation, flips)', ohif: 'same' },
  { command: 'fit', keys: ['='], shown: '=', label: 'Zoom to fit', ohif: 'same' },
  { command: 'zoomIn', keys: ['+'], shown: '+', label: 'Zoom in', ohif: 'same' },
  { command: 'zoomOut', keys: ['-'], shown: '-', label: 'Zoom out', ohif: 'same' },
  { command: 'rotateRight', keys: ['r'], shown: 'R', label: 'Rotate 90° clockwise', ohif: 'same' },
  { command: 'rotateLeft', keys: ['l'], shown: 'L', label: 'Rotate 90° counter-clockwise', ohif: 'same' },
  { command: 'flipHorizontal', keys: ['h'], shown: 'H', label: 'Flip left-right', ohif: 'same' },
  { command: 'flipVertical', keys: ['v'], shown: 'V', label: 'Flip up-down', ohif: 'same' },
  { command: 'invert', keys: ['i'], shown: 'I', label: 'Invert greys', ohif: 'same' },
  { command: 'cine', keys: ['c'], shown: 'C', label: 'Play / stop cine', ohif: 'same' },
  ...(['1', '2', '3', '4', '5'] as const).map((key) => ({ command: `preset${key}` as ShortcutCommand, keys: [key], shown: key, label: presetKeyLabel(key), ohif: 'same' })),
  { command: 'cancelMeasurement', keys: ['escape'], shown: 'Esc', label: 'Cancel the measurement being drawn', ohif: 'same' },
  // OHIF binds Backspace; Delete is added (what many expect of a "delete" key; it does nothing else here).
  { command: 'deleteMeasurement', keys: ['backspace', 'delete'], shown: 'Backspace / Delete', label: 'Delete the selected measurement (the one just drawn or clicked)', ohif: 'same' },
  { command: 'toggleMpr', keys: ['m'], shown: 'M', label: 'Switch between stack and MPR', ohif: 'none' },
  { command: 'help', keys: ['?'], shown: '?', label: 'Show or hide this list', ohif: 'none' },
];

/** What a preset key does, by modality (viewer/presets.ts): "CT: soft tissue (W 400 L 40) · MR: Auto ... · PET in SUV: SUV 0–5". */
function presetKeyLabel(key: string): string {
  const name = (p: AnyPreset | undefined): string => {
    if (!p) return 'nothing';
    if ('rule' in p) return p.rule === 'auto' ? 'Auto (1st to 99.5th percentile of the image)' : 'Full range of the image';
    return WINDOW_PRESETS.includes(p) ? `${p.label.toLowerCase()} (W ${p.width} L ${p.center})` : p.label;
  };
  const of = (modality: string, suv: boolean): AnyPreset | undefined => presetsFor(modality, suv).find((p) => p.key === key);
  return `Window, CT: ${name(of('CT', false))}; MR and PET not in SUV: ${name(of('MR', false))}; PET in SUV: ${name(of('PT', true))}`;
}

/** The part of a KeyboardEvent that decides the shortcut (plain data, so it is unit tested). */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The shortcut a key press means, if any; keys with Ctrl, Meta or Alt belong to the browser. */
export function shortcutFor(e: KeyPress): Shortcut | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const key = e.key.toLowerCase();
  return SHORTCUTS.find((s) => s.keys.includes(key));
}

/**
 * Whether a key press belongs to the focused control rather than to the viewer: typing in fields, and Space or
 * Enter on a button, link, checkbox or other control that Space activates.
 */
export function keyBelongsToControl(key: string, target: { tagName: string; isContentEditable?: boolean; getAttribute?(name: string): string | null } | null): boolean {
  if (!target) return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || target.isContentEditable) return true;
  const role = target.getAttribute?.('role') ?? '';
  const activatedBySpace = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || ['button', 'checkbox', 'switch', 'tab', 'menuitem', 'option', 'link'].includes(role);
  return activatedBySpace && (key === ' ' || key === 'Enter');
}
