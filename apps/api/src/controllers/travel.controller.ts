import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiReply } from '../openapi';
import { isochroneAnswerSchema, nearestAnswerSchema, TravelService, travelAnswerSchema, type IsochroneAnswer, type NearestAnswer, type TravelAnswer } from '@app/planning';

@ApiTags('travel')
@Controller('travel')
export class TravelController {
  constructor(private readonly travel: TravelService) {}

  @Get()
  @ApiOperation({ summary: 'Minutes and km from a unit or school to a school, on the road layer (or straight line x detour without one)' })
  @ApiQuery({ name: 'from', required: true, description: 'unit (village/community) or school code' })
  @ApiQuery({ name: 'to', required: true, description: 'school code' })
  @ApiQuery({ name: 'dataset', required: false, description: 'dataset name, default quzhou' })
  @ApiQuery({ name: 'version', required: false, description: 'dataset version id, default the latest' })
  @ApiReply(travelAnswerSchema, { description: 'the trip; `source` says whether roads or the straight-line rule made it' })
  async get(@Query() q: Record<string, string | undefined>): Promise<TravelAnswer> {
    return this.travel.travel(q);
  }

  @Get('nearest')
  @ApiOperation({ summary: 'Every unit\'s nearest open school of a stage, in minutes and km (the map\'s travel-time layer)' })
  @ApiQuery({ name: 'stage', required: false, description: 'kindergarten, primary (default), junior or senior' })
  @ApiQuery({ name: 'maxMinutes', required: false, description: 'units with no school within this many minutes get null (default 90)' })
  @ApiQuery({ name: 'dataset', required: false })
  @ApiQuery({ name: 'version', required: false })
  @ApiReply(nearestAnswerSchema, { description: 'one row per unit' })
  async nearest(@Query() q: Record<string, string | undefined>): Promise<NearestAnswer> {
    return this.travel.nearest(q);
  }

  @Get('isochrone')
  @ApiOperation({ summary: 'Minutes from every unit within maxMinutes to one school (the map\'s isochrone of a selected school)' })
  @ApiQuery({ name: 'school', required: true })
  @ApiQuery({ name: 'maxMinutes', required: false, description: 'default 60' })
  @ApiQuery({ name: 'dataset', required: false })
  @ApiQuery({ name: 'version', required: false })
  @ApiReply(isochroneAnswerSchema, { description: 'units within the limit, nearest first' })
  async isochrone(@Query() q: Record<string, string | undefined>): Promise<IsochroneAnswer> {
    return this.travel.isochrone(q);
  }
}
