import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { TravelService, travelAnswerSchema, type TravelAnswer } from '@app/planning';

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
  @ApiOkResponse({ description: 'the trip; `source` says whether roads or the straight-line rule made it', schema: z.toJSONSchema(travelAnswerSchema) as Record<string, unknown> })
  async get(@Query() q: Record<string, string | undefined>): Promise<TravelAnswer> {
    return this.travel.travel(q);
  }
}
