import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  layerQuerySchema,
  LayerQueryService,
  MAP_LAYERS,
  pagedFeatureCollectionSchema,
  parseBbox,
  type MapLayer,
  type PagedFeatureCollection,
} from '@app/datasets-service';
import { ApiQueryOf, ApiReply, type RawQuery } from '../openapi';
import { intParam } from '../params';

@ApiTags('layers')
@Controller('layers')
export class LayersController {
  constructor(private readonly layers: LayerQueryService) {}

  @Get(':layer')
  @ApiOperation({ summary: 'A layer of a dataset version as a paged GeoJSON FeatureCollection (WGS-84)' })
  @ApiQueryOf(layerQuerySchema)
  @ApiReply(pagedFeatureCollectionSchema, {
    description: "features whose properties are the layer's (AreaProperties, SchoolProperties, ...)",
  })
  async layer(@Param('layer') layer: string, @Query() q: RawQuery<typeof layerQuerySchema>): Promise<PagedFeatureCollection> {
    if (!MAP_LAYERS.includes(layer as MapLayer))
      throw new BadRequestException(`unknown layer "${layer}" (expected ${MAP_LAYERS.join(', ')})`);
    return this.layers.layer(layer as MapLayer, {
      dataset: q.dataset ?? 'quzhou',
      version: intParam('version', q.version, 1),
      bbox: parseBbox(q.bbox),
      level: q.level,
      stage: q.stage,
      county: q.county,
      status: q.status,
      limit: intParam('limit', q.limit, 1, 5000) ?? 1000,
      offset: intParam('offset', q.offset, 0) ?? 0,
    });
  }
}
