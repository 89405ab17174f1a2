// Every platform the sandbox can serve. A complete record: a platform without its renderer is a compile
// error. A platform is added here and in src/scrapers/registry.ts.
import type { PlatformId } from '../../domain.js';
import type { SandboxPlatform } from '../platform.js';
import { avecMonDocSandbox } from './avecmondoc.js';
import { bimedocSandbox } from './bimedoc.js';
import { doctolibSandbox } from './doctolib.js';
import { keldocSandbox } from './keldoc.js';
import { maiiaSandbox } from './maiia.js';
import { mapharmaSandbox } from './mapharma.js';
import { mesoignerSandbox } from './mesoigner.js';
import { ordoclicSandbox } from './ordoclic.js';
import { valwinSandbox } from './valwin.js';

export const SANDBOX_PLATFORMS: Readonly<Record<PlatformId, SandboxPlatform>> = {
  doctolib: doctolibSandbox,
  keldoc: keldocSandbox,
  maiia: maiiaSandbox,
  ordoclic: ordoclicSandbox,
  mapharma: mapharmaSandbox,
  avecmondoc: avecMonDocSandbox,
  mesoigner: mesoignerSandbox,
  bimedoc: bimedocSandbox,
  valwin: valwinSandbox,
};
