import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';

/** A supertest client that sends the given bearer token on every request. */
export function authed(server: App, token: string) {
  const agent = request(server);
  const withAuth = <T extends { set(k: string, v: string): T }>(t: T) => t.set('authorization', `Bearer ${token}`);
  return {
    get: (url: string) => withAuth(agent.get(url)),
    post: (url: string) => withAuth(agent.post(url)),
    put: (url: string) => withAuth(agent.put(url)),
    delete: (url: string) => withAuth(agent.delete(url)),
  };
}

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Attaches every file of a folder, in name order, as the `files` of an import request (the demo and toy regions as
 * the README's import command reads them).
 * @example await attachDir(http.post('/datasets/toy/imports'), TOY).expect(201);
 */
export function attachDir<T extends { attach(field: string, file: Buffer, name: string): T }>(req: T, dir: string): T {
  let out = req;
  for (const name of readdirSync(dir).sort()) out = out.attach('files', readFileSync(join(dir, name)), name);
  return out;
}
