/** The host the renderer runs in: the desktop bridge when present, else the browser. */
import { browserPlatform } from './browser';
import { desktopPlatform } from './desktop';
import type { Platform } from './platform';

export type { Platform } from './platform';

export const platform: Platform =
  typeof window !== 'undefined' && window.pdm ? desktopPlatform(window.pdm) : browserPlatform;
