/**
 * The desktop app's File menu (and files opened from the OS) drive the same actions
 * as the screens. In the browser build there is no native menu and this does nothing.
 */
import { useEffect, useRef } from 'react';
import { useApp } from './app-state';
import { platform } from './platform';
import type { HostMenuCommand } from './platform/platform';
import { usePlantActions } from './plant-actions';

export function useDesktopMenu(): void {
  const actions = usePlantActions();
  const { navigate, setError } = useApp();
  const latest = useRef({ actions, navigate, setError });
  useEffect(() => {
    latest.current = { actions, navigate, setError };
  });

  useEffect(() => {
    if (!platform.onMenuCommand) return undefined;
    return platform.onMenuCommand((cmd: HostMenuCommand) => {
      const { actions: a, navigate: go, setError: fail } = latest.current;
      const printView = async (then: () => Promise<void>) => {
        go('print');
        // let the print view render before the print dialog or PDF captures the page
        await new Promise((r) => setTimeout(r, 300));
        await then().catch((e: Error) => fail(e.message));
      };
      switch (cmd.kind) {
        case 'new':
          void a.newPlant();
          break;
        case 'open':
          void a.openFile();
          break;
        case 'open-recent':
          void a.openRecent(cmd.path);
          break;
        case 'save':
          void a.save();
          break;
        case 'save-as':
          void a.saveAs();
          break;
        case 'print':
          void printView(() => platform.print());
          break;
        case 'save-pdf':
          if (platform.savePdf) void printView(() => platform.savePdf!('maintenance-list.pdf'));
          break;
      }
    });
  }, []);
}
