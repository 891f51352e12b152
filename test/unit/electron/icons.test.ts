import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, iconSvg, renderIcon } from '../../../scripts/make-icons';
import { REPO_ROOT } from '../../helpers/shared';

describe('app icons', () => {
  it('resources/icon.png is a 512x512 RGBA PNG', () => {
    const png = readFileSync(join(REPO_ROOT, 'resources', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    expect(png[25]).toBe(6);
    const ico = readFileSync(join(REPO_ROOT, 'resources', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(readFileSync(join(REPO_ROOT, 'resources', 'icon.svg'), 'utf8')).toBe(iconSvg());
  });

  it('encodes pixels losslessly, transparent corners and opaque centre', () => {
    const px = renderIcon(64);
    const png = encodePng(px, 64);
    const idat = png.subarray(png.indexOf('IDAT') + 4, png.indexOf('IEND') - 8);
    const raw = inflateSync(idat);
    expect(raw.length).toBe(64 * (64 * 4 + 1));
    expect(raw[1 + 64 * 4 * 0 + 3]).toBe(0); // top-left corner transparent
    expect(px[(32 * 64 + 10) * 4 + 3]).toBe(255);
    expect(() => renderIcon(3)).toThrow(RangeError);
  });
});
