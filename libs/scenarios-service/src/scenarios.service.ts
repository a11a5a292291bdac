import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatasetStore } from '@app/datasets-service';
import { ScenarioEntity, ScenarioRunEntity } from '@app/database';
import { OverridesRejected, validateOverrides } from '@app/scenarios-model';

export const PROJECTION_HORIZON = 12;

/** Base year of a version: its latest year of age counts. */
export async function baseYearOf(store: DatasetStore, versionId: number): Promise<number> {
  const y = await store.latestCountYear(versionId);
  if (!y) throw new BadRequestException(`dataset version ${versionId} has no population counts to project from`);
  return y;
}

/** Creating and reading scenarios; overrides are validated against the base version before they are stored. */
@Injectable()
export class ScenariosService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
  ) {}

  async create(
    input: { name?: unknown; dataset?: unknown; baseVersionId?: unknown; overrides?: unknown },
    actor: string | null,
  ): Promise<ScenarioEntity> {
    if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200)
      throw new BadRequestException('name: a scenario needs a name (1-200 characters)');
    const dataset = typeof input.dataset === 'string' ? input.dataset : 'quzhou';
    if (input.baseVersionId !== undefined && input.baseVersionId !== null && !Number.isInteger(input.baseVersionId))
      throw new BadRequestException('baseVersionId: must be a version id');
    const versionId = (input.baseVersionId as number | undefined) ?? (await this.store.latestVersion(dataset))?.id;
    if (!versionId || !(await this.store.version(versionId)))
      throw new BadRequestException(`baseVersionId: dataset "${dataset}" has no such version`);
    const records = await this.store.loadRecords(versionId);
    const baseYear = await baseYearOf(this.store, versionId);
    let overrides;
    try {
      overrides = validateOverrides(input.overrides ?? {}, records, baseYear, PROJECTION_HORIZON);
    } catch (e) {
      if (e instanceof OverridesRejected)
        throw new BadRequestException({
          statusCode: 400,
          message: e.message,
          problems: e.problems.map((p) => ({ ...p, field: `overrides.${p.field}` })),
        });
      throw e;
    }
    return this.ds.getRepository(ScenarioEntity).save({
      dataset,
      name: input.name.trim(),
      baseVersionId: (input.baseVersionId as number | undefined) ?? null,
      overrides,
      createdBy: actor,
    });
  }

  async list(dataset?: string): Promise<(ScenarioEntity & { runs: Pick<ScenarioRunEntity, 'id' | 'status' | 'createdAt'>[] })[]> {
    const scenarios = await this.ds.getRepository(ScenarioEntity).find({ where: dataset ? { dataset } : {}, order: { id: 'ASC' } });
    const runs = await this.ds
      .getRepository(ScenarioRunEntity)
      .find({ select: { id: true, status: true, createdAt: true, scenarioId: true }, order: { id: 'ASC' } });
    return scenarios.map((s) =>
      Object.assign(s, { runs: runs.filter((r) => r.scenarioId === s.id).map(({ id, status, createdAt }) => ({ id, status, createdAt })) }),
    );
  }

  async get(id: number): Promise<ScenarioEntity> {
    const s = await this.ds.getRepository(ScenarioEntity).findOneBy({ id });
    if (!s) throw new NotFoundException(`scenario ${id} does not exist`);
    return s;
  }
}
