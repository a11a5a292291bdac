import { Module } from '@nestjs/common';
import { DatasetsModule } from '@app/datasets';
import { LayerQueryService } from './layer-query.service';
import { TravelService } from './travel.service';

/** Read side of the planning data: layers as GeoJSON, travel questions. */
@Module({ imports: [DatasetsModule], providers: [LayerQueryService, TravelService], exports: [LayerQueryService, TravelService] })
export class PlanningModule {}
