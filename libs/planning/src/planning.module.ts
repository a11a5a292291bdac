import { Module } from '@nestjs/common';
import { DatasetsModule } from '@app/datasets';
import { LayerQueryService } from './layer-query.service';

/** Read side of the planning data: layers as GeoJSON. */
@Module({ imports: [DatasetsModule], providers: [LayerQueryService], exports: [LayerQueryService] })
export class PlanningModule {}
