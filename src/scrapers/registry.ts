// Every platform the scrapers know. A platform is added here and in src/sandbox/platforms/index.ts.
import type { PlatformId } from '../domain.js';
import type { PlatformModule } from './adapter.js';
import { avecMonDocModule } from './avecmondoc/adapter.js';
import { mapharmaModule } from './mapharma/adapter.js';
import { mesoignerModule } from './mesoigner/adapter.js';

export const PLATFORM_MODULES: Partial<Record<PlatformId, PlatformModule>> = {
  mapharma: mapharmaModule,
  avecmondoc: avecMonDocModule,
  mesoigner: mesoignerModule,
};

export function implementedPlatforms(): PlatformId[] {
  return Object.keys(PLATFORM_MODULES) as PlatformId[];
}
