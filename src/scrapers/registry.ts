// Every platform the scrapers know. A complete record: adding an id to PLATFORMS (domain.ts) without its
// module here is a compile error. A platform is added here and in src/sandbox/platforms/index.ts.
import type { PlatformId } from '../domain.js';
import type { PlatformModule } from './adapter.js';
import { avecMonDocModule } from './avecmondoc/adapter.js';
import { bimedocModule } from './bimedoc/adapter.js';
import { doctolibModule } from './doctolib/adapter.js';
import { keldocModule } from './keldoc/adapter.js';
import { maiiaModule } from './maiia/adapter.js';
import { mapharmaModule } from './mapharma/adapter.js';
import { mesoignerModule } from './mesoigner/adapter.js';
import { ordoclicModule } from './ordoclic/adapter.js';
import { valwinModule } from './valwin/adapter.js';

export const PLATFORM_MODULES: Readonly<Record<PlatformId, PlatformModule>> = {
  doctolib: doctolibModule,
  keldoc: keldocModule,
  maiia: maiiaModule,
  ordoclic: ordoclicModule,
  mapharma: mapharmaModule,
  avecmondoc: avecMonDocModule,
  mesoigner: mesoignerModule,
  bimedoc: bimedocModule,
  valwin: valwinModule,
};

export function implementedPlatforms(): PlatformId[] {
  return Object.keys(PLATFORM_MODULES) as PlatformId[];
}
