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
