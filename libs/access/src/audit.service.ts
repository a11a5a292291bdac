import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '@app/database';

/** The audit trail: every write through the API, who, when, what, with its outcome. */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(e: Omit<AuditEntryEntity, 'id' | 'at'>): Promise<void> {
    await this.ds.getRepository(AuditEntryEntity).insert(e as never);
  }

  async list(limit: number, offset: number): Promise<AuditEntryEntity[]> {
    return this.ds.getRepository(AuditEntryEntity).find({ order: { id: 'DESC' }, take: limit, skip: offset });
  }
}
