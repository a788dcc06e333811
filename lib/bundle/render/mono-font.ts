import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

// DejaVu Sans Mono, for SHA-256 fingerprints only: fixed-width digits line up so a person can
// compare two fingerprints by eye. Found and parsed once per process the way lib/pdf/fonts.ts finds
// DejaVu Sans (that module offers regular and bold only; it is not ours to change).

let mono: fontkit.Font | undefined;

export function monoFont(): fontkit.Font {
  if (!mono) {
    const resolve = createRequire(path.join(process.cwd(), 'package.json')).resolve;
    const dir = path.join(path.dirname(resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    mono = fontkit.openSync(path.join(dir, 'DejaVuSansMono.ttf')) as fontkit.Font;
  }
  return mono;
}
