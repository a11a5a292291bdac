import { Module } from '@nestjs/common';
import { DatasetStore } from './dataset-store';
import { ImportService } from './import.service';
import { LayerQueryService } from './layer-query.service';
import { TravelService } from './travel.service';

/** Dataset versions and imports, and the read side of their layers: GeoJSON layer pages and travel questions. */
@Module({
  providers: [DatasetStore, ImportService, LayerQueryService, TravelService],
  exports: [DatasetStore, ImportService, LayerQueryService, TravelService],
})
export class DatasetsModule {}
