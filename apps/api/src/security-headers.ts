import type { NextFunction, Request, Response } from 'express';

/**
 * Security headers on every answer. The map page loads only its own bundle; the report and exports are data.
 * Swagger UI at /docs needs inline script and style, so it gets a looser policy of its own.
 */
export function securityHeaders(tileOrigin: string | null) {
  const strict = securityHeaderList(tileOrigin, false);
  const docs = securityHeaderList(tileOrigin, true);
  return (req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of req.path.startsWith('/docs') ? docs : strict) res.setHeader(name, value);
    next();
  };
}

/**
 * The security headers as name/value pairs, for the page and API (`docs` false) or Swagger UI at /docs: what
 * securityHeaders sets, for a handler that writes its headers in one call (the read cache's fast path).
 * @example securityHeaderList(null, false)[0] // ['X-Content-Type-Options', 'nosniff']
 */
export function securityHeaderList(tileOrigin: string | null, docs: boolean): [string, string][] {
  const img = ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])].join(' ');
  const policy = docs
    ? `default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; ` +
      `frame-ancestors 'none'`
    : `default-src 'self'; img-src ${img}; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src ` +
      `'none'; frame-ancestors 'none'; base-uri 'none'`;
  return [
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Content-Security-Policy', policy],
  ];
}
