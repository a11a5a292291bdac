import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ApiTokenEntity, DbChanges } from '@app/database';
import { ROLES, type Role } from './roles';

/** SHA-256 of a token: what is stored and compared (tokens are random, so no salt or slow hash is needed). */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * How long a verified token is trusted without asking the database again. A revocation through this process, or
 * one anywhere while the change listener is live (a trigger notifies), ends the trust at once; otherwise (listener
 * down) a revoked token still passes for at most this long.
 */
export const TOKEN_TRUST_MS = 5_000;

type Verified = { id: number; name: string; role: Role };

/** API tokens: created once (the secret is shown only then), stored hashed, revocable. */
@Injectable()
export class TokensService {
  /** When this process last wrote each token's last use: at most one write a minute per token. */
  private readonly lastUseWritten = new Map<number, number>();

  /** Tokens verified in the last TOKEN_TRUST_MS, by hash: a read answered from the cache then costs no query. */
  private readonly trusted = new Map<string, { who: Verified; until: number }>();
  private listening = false;
  /** Tokens made by `internal`, by hash: held in this process's memory only, never stored. */
  private readonly internalTokens = new Map<string, Verified>();

  constructor(
    private readonly ds: DataSource,
    private readonly changes: DbChanges,
  ) {}

  async create(name: unknown, role: unknown): Promise<{ id: number; name: string; role: Role; token: string }> {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 100) throw new BadRequestException('name: 1-100 characters');
    if (!ROLES.includes(role as Role)) throw new BadRequestException(`role must be one of ${ROLES.join(', ')}`);
    const token = `edu_${randomBytes(24).toString('base64url')}`;
    const saved = await this.ds.getRepository(ApiTokenEntity).save({ name: name.trim(), role: role as Role, tokenHash: hashToken(token) });
    return { id: saved.id, name: saved.name, role: role as Role, token };
  }

  /** Registers a token given by the environment (BOOTSTRAP_ADMIN_TOKEN) once, so a fresh install has an admin. */
  async ensure(token: string, name: string, role: Role): Promise<void> {
    await this.ds.query('INSERT INTO api_tokens (name, role, token_hash) VALUES ($1, $2, $3) ON CONFLICT (token_hash) DO NOTHING', [
      name,
      role,
      hashToken(token),
    ]);
  }

  /**
   * A token valid in this process only (never stored, so no other process and no restart knows it), for requests the
   * API sends to itself on loopback, such as the read cache's warm-up; it passes the guard like a stored token of
   * `role` and shows up as `name` (id 0) in audit entries.
   * @example const token = tokens.internal('read-cache warm-up', 'reviewer'); // 'edu_internal_...'
   */
  internal(name: string, role: Role): string {
    const token = `edu_internal_${randomBytes(24).toString('base64url')}`;
    this.internalTokens.set(hashToken(token), { id: 0, name, role });
    return token;
  }

  async verify(token: string): Promise<Verified | null> {
    const internal = this.internalTokens.get(hashToken(token));
    if (internal) return internal;
    if (!this.listening) {
      this.listening = true;
      this.changes.listen((table) => (table === 'api_tokens' || table === '*') && this.trusted.clear());
    }
    const hash = hashToken(token);
    const now = Date.now();
    const known = this.trusted.get(hash);
    if (known && known.until > now) return known.who;
    const t = await this.ds.getRepository(ApiTokenEntity).findOneBy({ tokenHash: hash, revokedAt: IsNull() });
    if (!t) {
      this.trusted.delete(hash);
      return null;
    }
    // Last use is informative only: never let its write slow or fail the request. Written at most once a minute, since
    // 50 clients on one token otherwise queue 50 updates of one row (row locks) in front of every read.
    if ((this.lastUseWritten.get(t.id) ?? 0) <= now - 60_000) {
      this.lastUseWritten.set(t.id, now);
      void this.ds
        .getRepository(ApiTokenEntity)
        .update(t.id, { lastUsedAt: new Date(now) })
        .catch(() => undefined);
    }
    const who: Verified = { id: t.id, name: t.name, role: t.role as Role };
    // Only valid tokens are remembered, and few: a flood of distinct ones never grows this past a bound.
    if (this.trusted.size >= 1000) this.trusted.clear();
    this.trusted.set(hash, { who, until: now + TOKEN_TRUST_MS });
    return who;
  }

  /**
   * The caller of `token` when this process verified it in the last TOKEN_TRUST_MS and nothing revoked it since;
   * null otherwise (never asks the database: a caller with null goes through verify).
   */
  trustedNow(token: string): Verified | null {
    if (!this.listening) return null;
    const known = this.trusted.get(hashToken(token));
    return known && known.until > Date.now() ? known.who : null;
  }

  async list(): Promise<Omit<ApiTokenEntity, 'tokenHash'>[]> {
    const all = await this.ds.getRepository(ApiTokenEntity).find({ order: { id: 'ASC' } });
    return all.map(({ tokenHash: _h, ...rest }) => rest);
  }

  async revoke(id: number): Promise<void> {
    const r = await this.ds.getRepository(ApiTokenEntity).update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.trusted.clear();
    if (!r.affected) throw new NotFoundException(`token ${id} does not exist or is already revoked`);
  }
}
