import type { NextFunction, Request, Response } from 'express';

/**
 * Security headers on every answer. The map page loads only its own bundle; the report and exports are data.
 * Swagger UI at /docs needs inline script and style, so it gets a looser policy of its own.
 */
export function securityHeaders(tileOrigin: string | null) {
  const img = ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])].join(' ');
  const strict = `default-src 'self'; img-src ${img}; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; ` +
    `object-src 'none'; frame-ancestors 'none'; base-uri 'none'`;
  const docs = `default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; ` +
    `frame-ancestors 'none'`;
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Content-Security-Policy', req.path.startsWith('/docs') ? docs : strict);
    next();
  };
}
