/**
 * The application menu as a template (pure; main.ts passes it to Menu.buildFromTemplate).
 * File items send a {@link MenuCommand} to the renderer, which owns the database and
 * performs the command through window.pdm; this keeps one code path for menu and buttons.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from './ipc-contract';

export interface MenuDeps {
  platform: string;
  /** Recent plant files, most recent first. */
  recent: readonly string[];
  send(command: MenuCommand): void;
  quit(): void;
  about(): void;
  clearRecent(): void;
}

export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const cmd = (command: MenuCommand) => () => deps.send(command);
  const isMac = deps.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] =
    deps.recent.length === 0
      ? [{ label: 'No recent files', enabled: false }]
      : deps.recent.map((path, i) => ({
          label: `${i < 9 ? `&${i + 1} ` : ''}${basename(path).replace(/&/g, '&&')}`,
          toolTip: path,
          click: cmd({ kind: 'open-recent', path }),
        }));
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&New plant file…', accelerator: 'CmdOrCtrl+N', click: cmd({ kind: 'new' }) },
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: cmd({ kind: 'open' }) },
      {
        label: 'Open &Recent',
        submenu: [
          ...recentItems,
          { type: 'separator' },
          {
            label: 'Clear recent files',
            enabled: deps.recent.length > 0,
            click: () => deps.clearRecent(),
          },
        ],
      },
      { type: 'separator' },
      { label: '&Save', accelerator: 'CmdOrCtrl+S', click: cmd({ kind: 'save' }) },
      {
        label: 'Save &As…',
        accelerator: 'CmdOrCtrl+Shift+S',
        click: cmd({ kind: 'save-as' }),
      },
      { type: 'separator' },
      {
        label: '&Print maintenance list…',
        accelerator: 'CmdOrCtrl+P',
        click: cmd({ kind: 'print' }),
      },
      { label: 'Save maintenance list as P&DF…', click: cmd({ kind: 'save-pdf' }) },
      { type: 'separator' },
      {
        label: isMac ? 'Quit Plant PdM' : 'E&xit',
        accelerator: 'CmdOrCtrl+Q',
        click: () => deps.quit(),
      },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    submenu: [{ label: '&About Plant PdM', click: () => deps.about() }],
  };
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: 'Plant PdM',
          submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'quit' }],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, help];
}
