import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../electron/ipc-contract';
import { buildMenuTemplate } from '../../../electron/menu-template';

function items(menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return (menu.submenu as MenuItemConstructorOptions[]) ?? [];
}

function find(list: MenuItemConstructorOptions[], label: RegExp) {
  const hit = list.find((m) => m.label && label.test(m.label.replace(/&/g, '')));
  if (!hit) throw new Error(`no menu item ${label}`);
  return hit;
}

function click(item: MenuItemConstructorOptions) {
  (item.click as unknown as () => void)();
}

describe('application menu', () => {
  it('has the File commands with their shortcuts, sent to the renderer', () => {
    const sent: MenuCommand[] = [];
    let quit = 0;
    const menu = buildMenuTemplate({
      platform: 'linux',
      recent: ['/plants/north.pdm', '/plants/a&b.pdm'],
      send: (c) => sent.push(c),
      quit: () => quit++,
      about: () => {},
      clearRecent: () => {},
    });
    expect(menu.map((m) => m.label?.replace(/&/g, ''))).toEqual(['File', 'Edit', 'View', 'Help']);
    const file = items(menu[0]);
    expect(find(file, /^Save$/).accelerator).toBe('CmdOrCtrl+S');
    expect(find(file, /^Open…$/).accelerator).toBe('CmdOrCtrl+O');
    expect(find(file, /^Print/).accelerator).toBe('CmdOrCtrl+P');
    for (const [label, kind] of [
      [/^New plant file/, 'new'],
      [/^Open…$/, 'open'],
      [/^Save$/, 'save'],
      [/^Save As/, 'save-as'],
      [/^Print/, 'print'],
      [/PDF/, 'save-pdf'],
    ] as const) {
      click(find(file, label));
      expect(sent.at(-1)).toEqual({ kind });
    }
    const recent = items(find(file, /^Open Recent$/));
    expect(recent[0].toolTip).toBe('/plants/north.pdm');
    expect(recent[1].label).toContain('a&&b.pdm');
    click(recent[1]);
    expect(sent.at(-1)).toEqual({ kind: 'open-recent', path: '/plants/a&b.pdm' });
    click(find(file, /^Exit$/));
    expect(quit).toBe(1);
  });

  it('shows an empty recent list and the macOS app menu', () => {
    const menu = buildMenuTemplate({
      platform: 'darwin',
      recent: [],
      send: () => {},
      quit: () => {},
      about: () => {},
      clearRecent: () => {},
    });
    expect(menu[0].label).toBe('Plant PdM');
    const recent = items(find(items(menu[1]), /^Open Recent$/));
    expect(recent[0]).toMatchObject({ label: 'No recent files', enabled: false });
    expect(find(recent, /^Clear recent/).enabled).toBe(false);
  });
});
