import { describe, expect, it } from 'vitest';
import { CloseGuard } from '../../../electron/close-guard';

describe('unsaved changes on close', () => {
  it('closes at once when nothing is unsaved', () => {
    const g = new CloseGuard();
    expect(g.onCloseRequested()).toBe('close');
    g.setDirty(true);
    g.setDirty(false);
    expect(g.onCloseRequested()).toBe('close');
  });

  it("Don't save closes; Cancel stays and asks again next time", () => {
    const g = new CloseGuard();
    g.setDirty(true);
    expect(g.onCloseRequested()).toBe('prompt');
    expect(g.onChoice(CloseGuard.choiceFromButton(2))).toBe('stay');
    expect(g.onCloseRequested()).toBe('prompt');
    expect(g.onChoice(CloseGuard.choiceFromButton(1))).toBe('close');
    expect(g.onCloseRequested()).toBe('close');
  });

  it('Save closes only after a successful save', () => {
    const g = new CloseGuard();
    g.setDirty(true);
    expect(g.onChoice(CloseGuard.choiceFromButton(0))).toBe('save-then-close');
    g.onSaveFailed(); // e.g. Save As dialog cancelled
    expect(g.onSaved()).toBe(false); // a later, unrelated save does not close the window
    g.setDirty(true);
    expect(g.onCloseRequested()).toBe('prompt');
    expect(g.onChoice('save')).toBe('save-then-close');
    expect(g.onSaved()).toBe(true);
    expect(g.isDirty).toBe(false);
    expect(g.onCloseRequested()).toBe('close');
  });

  it('an ordinary save clears the dirty flag without closing', () => {
    const g = new CloseGuard();
    g.setDirty(true);
    expect(g.onSaved()).toBe(false);
    expect(g.onCloseRequested()).toBe('close');
  });
});
