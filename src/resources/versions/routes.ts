/** `GET /api/versions`: API discovery, answered without a session. */
import type { Router } from 'express';
import type { World } from '../../world.js';
import { API_VERSIONS, CLOUDAPI_LOGIN_FROM, DEPRECATED_VERSIONS, MT, NS } from '../../wire/media.js';
import { sendDoc, type Rendered } from '../../wire/render.js';

export function versionsView(base: string): Rendered {
  const info = (version: string, deprecated: boolean) => {
    const cloudLogin = Number(version) >= CLOUDAPI_LOGIN_FROM;
    return {
      '@_deprecated': deprecated,
      Version: version,
      LoginUrl: cloudLogin ? `${base}/cloudapi/1.0.0/sessions` : `${base}/api/sessions`,
      ProviderLoginUrl: cloudLogin ? `${base}/cloudapi/1.0.0/sessions/provider` : undefined,
    };
  };
  return {
    root: 'SupportedVersions',
    type: MT.versions,
    body: {
      '@_xmlns': NS.versions,
      VersionInfo: [
        ...DEPRECATED_VERSIONS.map((v) => info(v, true)),
        ...API_VERSIONS.map((v) => info(v, false)),
      ],
    },
  };
}

export function versionsRoutes(router: Router, _sim: World): void {
  router.get('/api/versions', (req, res) => sendDoc(req, res, versionsView(req.ctx.base)));
}
