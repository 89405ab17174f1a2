// Every platform the sandbox can serve. A platform is added here and in src/scrapers/registry.ts.
import type { PlatformId } from '../../domain.js';
import type { SandboxPlatform } from '../platform.js';
import { avecMonDocSandbox } from './avecmondoc.js';
import { mapharmaSandbox } from './mapharma.js';
import { mesoignerSandbox } from './mesoigner.js';

export const SANDBOX_PLATFORMS: Partial<Record<PlatformId, SandboxPlatform>> = {
  mapharma: mapharmaSandbox,
  avecmondoc: avecMonDocSandbox,
  mesoigner: mesoignerSandbox,
};
