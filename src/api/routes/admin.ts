// Admin routes: run a cycle now, pause or resume a platform. Mounted only when a token is configured, and
// each request must carry it as a bearer token. The API reaches the scheduler only through these callbacks,
// so it never imports a scraper.
import { Router, type Response } from 'express';
import { PLATFORMS, type PlatformId } from '../../domain.js';
import { requireBearer } from '../auth.js';
import { ApiError } from '../errors.js';
import { parseParameters } from '../query.js';

export type ScanStart = 'started' | 'already-running' | 'paused';

export interface AdminControl {
  readonly token: string;
  /** The platforms the scheduler runs. */
  platforms(): readonly PlatformId[];
  isRunning(platform: PlatformId): boolean;
  isPaused(platform: PlatformId): boolean;
  /** Starts a cycle in the background; does not wait for it. */
  runCycle(platform: PlatformId, withDiscovery: boolean): ScanStart;
  pause(platform: PlatformId): void;
  resume(platform: PlatformId): void;
}

export function adminRoutes(control: AdminControl): Router {
  const router = Router();
  router.use('/api/v1/admin', requireBearer(control.token));

  const known = (name: string): PlatformId => {
    if (!(PLATFORMS as readonly string[]).includes(name) || !control.platforms().includes(name as PlatformId)) {
      throw new ApiError(
        404,
        'unknown_platform',
        `no scheduled platform "${name}" (scheduled: ${control.platforms().join(', ') || 'none'})`,
      );
    }
    return name as PlatformId;
  };
  const send = (response: Response, status: number, body: unknown) => {
    response.setHeader('Cache-Control', 'no-store');
    response.status(status).json(body);
  };

  router.get('/api/v1/admin/platforms', (request, response) => {
    parseParameters(request.query as Record<string, unknown>, []);
    send(response, 200, {
      platforms: control
        .platforms()
        .map((platform) => ({ platform, paused: control.isPaused(platform), running: control.isRunning(platform) })),
    });
  });

  router.post('/api/v1/admin/scan', (request, response) => {
    const values = parseParameters(request.query as Record<string, unknown>, ['platform', 'discovery']);
    const discovery = values.discovery === 'true';
    const targets = values.platform !== undefined ? [known(values.platform)] : control.platforms();
    if (values.platform !== undefined && control.isPaused(targets[0]!)) {
      throw new ApiError(409, 'platform_paused', `${values.platform} is paused; resume it first`);
    }
    send(response, 202, {
      platforms: targets.map((platform) => ({ platform, state: control.runCycle(platform, discovery) })),
    });
  });

  router.post('/api/v1/admin/platforms/:platform/pause', (request, response) => {
    parseParameters(request.query as Record<string, unknown>, []);
    const platform = known(request.params.platform);
    control.pause(platform);
    send(response, 200, { platform, paused: true });
  });

  router.post('/api/v1/admin/platforms/:platform/resume', (request, response) => {
    parseParameters(request.query as Record<string, unknown>, []);
    const platform = known(request.params.platform);
    control.resume(platform);
    send(response, 200, { platform, paused: false });
  });

  return router;
}
