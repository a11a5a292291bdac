import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiQueryOf, ApiReply } from '../openapi';
import {
  isochroneAnswerSchema,
  isochroneQuerySchema,
  nearestAnswerSchema,
  nearestQuerySchema,
  travelQuerySchema,
  TravelService,
  travelAnswerSchema,
  type IsochroneAnswer,
  type NearestAnswer,
  type TravelAnswer,
} from '@app/datasets-service';

@ApiTags('travel')
@Controller('travel')
export class TravelController {
  constructor(private readonly travel: TravelService) {}

  @Get()
  @ApiOperation({ summary: 'Minutes and km from a unit or school to a school, on the road layer (or straight line x detour without one)' })
  @ApiQueryOf(travelQuerySchema)
  @ApiReply(travelAnswerSchema, { description: 'the trip; `source` says whether roads or the straight-line rule made it' })
  async get(@Query() q: Record<string, string | undefined>): Promise<TravelAnswer> {
    return this.travel.travel(q);
  }

  @Get('nearest')
  @ApiOperation({ summary: "Every unit's nearest open school of a stage, in minutes and km (the map's travel-time layer)" })
  @ApiQueryOf(nearestQuerySchema)
  @ApiReply(nearestAnswerSchema, { description: 'one row per unit' })
  async nearest(@Query() q: Record<string, string | undefined>): Promise<NearestAnswer> {
    return this.travel.nearest(q);
  }

  @Get('isochrone')
  @ApiOperation({ summary: "Minutes from every unit within maxMinutes to one school (the map's isochrone of a selected school)" })
  @ApiQueryOf(isochroneQuerySchema)
  @ApiReply(isochroneAnswerSchema, { description: 'units within the limit, nearest first' })
  async isochrone(@Query() q: Record<string, string | undefined>): Promise<IsochroneAnswer> {
    return this.travel.isochrone(q);
  }
}
