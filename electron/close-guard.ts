/**
 * Unsaved changes when the window closes. The renderer owns the database and reports
 * whether it has unsaved changes (window.pdm.setDirty); on close, main asks
 * Save / Don't save / Cancel. "Save" sends the renderer a save command and closes the
 * window once that save (or Save As) succeeds; a failed or cancelled save keeps it open.
 * Pure state, so the sequence is tested without Electron.
 */
export type CloseChoice = 'save' | 'discard' | 'cancel';

/** What main does with a close request. */
export type CloseAction = 'close' | 'prompt';

/** What main does after the user answered the prompt. */
export type ChoiceAction = 'close' | 'stay' | 'save-then-close';

export class CloseGuard {
  private dirty = false;
  private closeAfterSave = false;
  private forced = false;

  get isDirty(): boolean {
    return this.dirty;
  }

  setDirty(dirty: boolean): void {
    this.dirty = dirty;
  }

  /** A close was requested (window close button, Quit). */
  onCloseRequested(): CloseAction {
    return this.forced || !this.dirty ? 'close' : 'prompt';
  }

  /** The user answered the prompt. */
  onChoice(choice: CloseChoice): ChoiceAction {
    if (choice === 'discard') {
      this.forced = true;
      return 'close';
    }
    if (choice === 'save') {
      this.closeAfterSave = true;
      return 'save-then-close';
    }
    this.closeAfterSave = false;
    return 'stay';
  }

  /** A save of the database succeeded; true when the window should now close. */
  onSaved(): boolean {
    this.dirty = false;
    if (!this.closeAfterSave) return false;
    this.closeAfterSave = false;
    this.forced = true;
    return true;
  }

  /** A save failed or its dialog was cancelled: the window stays open. */
  onSaveFailed(): void {
    this.closeAfterSave = false;
  }

  /** Maps the message box button index (Save, Don't save, Cancel) to a choice. */
  static choiceFromButton(index: number): CloseChoice {
    return index === 0 ? 'save' : index === 1 ? 'discard' : 'cancel';
  }
}
