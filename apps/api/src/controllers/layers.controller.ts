import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LayerQueryService, MAP_LAYERS, pagedFeatureCollectionSchema, parseBbox, type MapLayer, type PagedFeatureCollection } from '@app/planning';
import { ApiReply } from '../openapi';
import { intParam } from '../params';

@ApiTags('layers')
@Controller('layers')
export class LayersController {
  constructor(private readonly layers: LayerQueryService) {}

  @Get(':layer')
  @ApiOperation({ summary: 'A layer of a dataset version as a paged GeoJSON FeatureCollection (WGS-84)' })
  @ApiQuery({ name: 'dataset', required: false, description: 'dataset name, default quzhou' })
  @ApiQuery({ name: 'version', required: false, description: 'dataset version id, default the latest' })
  @ApiQuery({ name: 'bbox', required: false, description: 'minLon,minLat,maxLon,maxLat' })
  @ApiQuery({ name: 'level', required: false, description: 'areas: city, county, township, village' })
  @ApiQuery({ name: 'stage', required: false, description: 'schools, catchments: kindergarten, primary, junior, senior, special' })
  @ApiQuery({ name: 'county', required: false, description: '6-digit county code' })
  @ApiQuery({ name: 'status', required: false, description: 'schools: open, closed, planned' })
  @ApiQuery({ name: 'limit', required: false, description: '1-5000, default 1000' })
  @ApiQuery({ name: 'offset', required: false })
  @ApiReply(pagedFeatureCollectionSchema, { description: 'features whose properties are the layer\'s (AreaProperties, SchoolProperties, ...)' })
  async layer(@Param('layer') layer: string, @Query() q: Record<string, string | undefined>): Promise<PagedFeatureCollection> {
    if (!MAP_LAYERS.includes(layer as MapLayer)) throw new BadRequestException(`unknown layer "${layer}" (expected ${MAP_LAYERS.join(', ')})`);
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
