import { describe, expect, it } from 'vitest';
import { SHORTCUTS, keyBelongsToControl, shortcutFor, type ShortcutCommand } from './shortcuts';

// OHIF v3's default hotkeys (platform/core/src/defaults/hotkeyBindings.js), written out here as the fact to meet:
// the KeyboardEvent.key a user presses for each command both viewers have.
const OHIF_DEFAULTS: Array<[string, ShortcutCommand]> = [
  ['ArrowDown', 'nextImage'],
  ['ArrowUp', 'previousImage'],
  ['Home', 'firstImage'],
  ['End', 'lastImage'],
  ['PageDown', 'nextSeries'],
  ['PageUp', 'previousSeries'],
  ['ArrowRight', 'nextViewport'],
  ['ArrowLeft', 'previousViewport'],
  [' ', 'reset'],
  ['=', 'fit'],
  ['+', 'zoomIn'],
  ['-', 'zoomOut'],
  ['r', 'rotateRight'],
  ['l', 'rotateLeft'],
  ['h', 'flipHorizontal'],
  ['v', 'flipVertical'],
  ['i', 'invert'],
  ['c', 'cine'],
  ['1', 'preset1'],
  ['2', 'preset2'],
  ['3', 'preset3'],
  ['4', 'preset4'],
  ['5', 'preset5'],
  ['Escape', 'cancelMeasurement'],
  ['Backspace', 'deleteMeasurement'],
];

describe('keyboard shortcuts', () => {
  it.each(OHIF_DEFAULTS)('%j does what it does in OHIF: %s', (key, command) => {
    expect(shortcutFor({ key })?.command).toBe(command);
  });

  it('letters match in either case; with Ctrl, Meta or Alt the key is the browser’s', () => {
    expect(shortcutFor({ key: 'R' })?.command).toBe('rotateRight');
    expect(shortcutFor({ key: 'r', ctrlKey: true })).toBeUndefined();
    expect(shortcutFor({ key: 'r', metaKey: true })).toBeUndefined();
    expect(shortcutFor({ key: '1', altKey: true })).toBeUndefined();
    expect(shortcutFor({ key: 'q' })).toBeUndefined();
  });

  it('no key means two things, and every command has a key', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(SHORTCUTS.map((s) => s.command)).size).toBe(SHORTCUTS.length);
  });

  it('Delete deletes a measurement too; keys 1-5 say what they do for CT, MR and PET', () => {
    expect(shortcutFor({ key: 'Delete' })?.command).toBe('deleteMeasurement');
    const label = (k: string) => SHORTCUTS.find((s) => s.keys.includes(k))?.label;
    expect(label('1')).toBe('Window, CT: soft tissue (W 400 L 40); MR and PET not in SUV: Auto (1st to 99.5th percentile of the image); PET in SUV: SUV 0–5');
    expect(label('2')).toBe('Window, CT: lung (W 1500 L -600); MR and PET not in SUV: Full range of the image; PET in SUV: SUV 0–10');
    expect(label('3')).toBe('Window, CT: liver (W 150 L 90); MR and PET not in SUV: nothing; PET in SUV: SUV 0–3');
    expect(label('4')).toBe('Window, CT: bone (W 2500 L 480); MR and PET not in SUV: nothing; PET in SUV: Full range of the image');
    expect(label('5')).toBe('Window, CT: brain (W 80 L 40); MR and PET not in SUV: nothing; PET in SUV: nothing');
  });

  it('only our additions have no OHIF binding: M (MPR) and ? (this list)', () => {
    expect(SHORTCUTS.filter((s) => s.ohif !== 'same').map((s) => s.shown)).toEqual(['M', '?']);
  });

  it('typing in a field, and Space or Enter on a control, stay with the control', () => {
    const el = (tagName: string, role: string | null = null, isContentEditable = false) => ({ tagName, isContentEditable, getAttribute: (n: string) => (n === 'role' ? role : null) });
    expect(keyBelongsToControl('r', el('INPUT'))).toBe(true);
    expect(keyBelongsToControl('ArrowDown', el('SELECT'))).toBe(true);
    expect(keyBelongsToControl('1', el('DIV', null, true))).toBe(true);
    expect(keyBelongsToControl(' ', el('BUTTON'))).toBe(true);
    expect(keyBelongsToControl('Enter', el('A'))).toBe(true);
    expect(keyBelongsToControl(' ', el('DIV', 'checkbox'))).toBe(true);
    // Other keys on a button go to the viewer; Space on the page body resets the view.
    expect(keyBelongsToControl('ArrowDown', el('BUTTON'))).toBe(false);
    expect(keyBelongsToControl(' ', el('BODY'))).toBe(false);
    expect(keyBelongsToControl(' ', null)).toBe(false);
  });
});
