// Renders assets/icons/oniondrop.svg to the PNG sizes electron-builder installs (build script, plain Node).
// Uses Debian's Chromium through playwright-core, the only SVG renderer this
// project can count on. Run by hand after changing the SVG, then commit the PNGs:
//   node build/linux/render-icons.mjs
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ICONS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'icons');
/** The hicolor sizes desktops look up; electron-builder maps each NxN.png there. */
const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

const svg = readFileSync(join(ICONS, 'oniondrop.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        `<img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const file = join(ICONS, `${size}x${size}.png`);
    await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
}
