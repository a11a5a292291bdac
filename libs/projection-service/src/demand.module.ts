import { Module } from '@nestjs/common';
import { DatasetsModule } from '@app/datasets-service';
import { ProjectionHandler } from './projection.handler';
import { ProjectionService } from './projection.service';

/** Demand: projections stored per dataset version and their aggregation. */
@Module({ imports: [DatasetsModule], providers: [ProjectionService, ProjectionHandler], exports: [ProjectionService] })
export class DemandModule {}
