import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import compression from 'compression';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where `web/build.mjs` (Vite) put the bundled pages: dist/web (beside dist/src when compiled; from the repo root in tests). */
export function webRoot(): string | null {
  const candidates = [process.env.WEB_ROOT, join(__dirname, '..', '..', 'web'), join(process.cwd(), 'dist', 'web')].filter((p): p is string => !!p);
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the softphone / wallboard pages at `/` as static files (express.static). A middleware, not
 * a route: the pages are public files, and every API route keeps its own @Roles / @Public policy.
 * Only GET/HEAD of files that exist are answered; anything else falls through to the API (and its 404).
 * The files go out compressed (brotli or gzip, as the browser accepts: the `compression` middleware),
 * the bundle being mostly React and Ant Design.
 */
@Module({})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const root = webRoot();
    if (!root) return;
    const serve = express.static(root, { index: 'index.html', fallthrough: true, maxAge: 0, redirect: false });
    // Only the built files (known at start-up) reach the disk: API GETs never cost a stat() call.
    const files = new Set(['/', ...readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => `/${f.split('\\').join('/')}`)]);
    const compress = compression();
    const pagesOnly = (request: Request, response: Response, next: NextFunction): void => {
      if (!files.has(request.path)) return next();
      compress(request, response, () => {
        serve(request, response, next);
      });
    };
    consumer.apply(pagesOnly).forRoutes({ path: '{*path}', method: RequestMethod.GET }, { path: '{*path}', method: RequestMethod.HEAD });
  }
}
