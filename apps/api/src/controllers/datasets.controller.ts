import {
  BadRequestException,
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type {} from 'multer';
import type { Response } from 'express';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DatasetVersionEntity } from '@app/database';
import {
  datasetVersionListSchema,
  datasetVersionSchema,
  DatasetStore,
  importOutcomeSchema,
  importPreviewSchema,
  ImportService,
  type ImportOutcome,
  type ImportPreview,
} from '@app/datasets-service';
import { ApiReplies, ApiReply } from '../openapi';
import { LAYERS, type Layer } from '@app/domain';
import { Actor, Roles, type ActorInfo } from '../auth/auth.decorators';
import { ImportSlotsInterceptor } from '../import-slots.interceptor';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(
    private readonly imports: ImportService,
    private readonly store: DatasetStore,
  ) {}

  @Post(':dataset/imports')
  @Roles('admin')
  @ApiOperation({
    summary: 'Import files as a new dataset version (all or nothing; 400 lists every problem)',
    description:
      'With dryRun=true nothing is written: 200 with the column mapping, header rows, skipped rows, the first records ' +
      'as read, every notice and problem.',
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
        crs: { type: 'string', example: 'GCJ02' },
        layer: { type: 'string', enum: [...LAYERS] },
        mode: { type: 'string', enum: ['merge', 'replace'] },
        label: { type: 'string' },
        repair: { type: 'string', enum: ['true', 'false'], description: 'fix polygon defects that can be fixed and report each change' },
      },
    },
  })
  @ApiReplies({
    201: { schema: importOutcomeSchema, description: 'the new version' },
    200: { schema: importPreviewSchema, description: 'dryRun=true: what the import would do' },
  })
  @UseInterceptors(ImportSlotsInterceptor, FilesInterceptor('files'))
  async import(
    @Param('dataset') dataset: string,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @Body() body: { crs?: string; layer?: string; mode?: string; label?: string; repair?: string },
    @Actor() actor: ActorInfo,
    @Query('dryRun') dryRun: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportOutcome | ImportPreview> {
    if (!files || files.length === 0) throw new BadRequestException('no files: send them as multipart field "files"');
    if (body.layer && !LAYERS.includes(body.layer as Layer))
      throw new BadRequestException(`unknown layer "${body.layer}" (expected ${LAYERS.join(', ')})`);
    if (body.mode && body.mode !== 'merge' && body.mode !== 'replace')
      throw new BadRequestException(`mode must be merge or replace, got "${body.mode}"`);
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      throw new BadRequestException(`dryRun must be true or false, got "${dryRun}"`);
    if (body.repair !== undefined && body.repair !== 'true' && body.repair !== 'false')
      throw new BadRequestException(`repair must be true or false, got "${body.repair}"`);
    const req = {
      dataset,
      files: files.map((f) => ({ name: Buffer.from(f.originalname, 'latin1').toString('utf8'), path: f.path, size: f.size })),
      crs: body.crs || undefined,
      layer: (body.layer as Layer) || undefined,
      mode: (body.mode as 'merge' | 'replace') || undefined,
      label: body.label,
      createdBy: actor.name,
      repair: body.repair === 'true',
    };
    if (dryRun === 'true') {
      res.status(200);
      return this.imports.preview(req);
    }
    return this.imports.import(req);
  }

  @Get()
  @ApiOperation({ summary: 'Dataset versions, oldest first' })
  @ApiReply(datasetVersionListSchema)
  async versions(): Promise<(DatasetVersionEntity & { datasetName: string })[]> {
    return this.store.listVersions();
  }

  @Get('versions/:id')
  @ApiOperation({ summary: 'One dataset version with its change summary' })
  @ApiReply(datasetVersionSchema)
  async version(@Param('id', ParseIntPipe) id: number): Promise<DatasetVersionEntity> {
    const v = await this.store.version(id);
    if (!v) throw new NotFoundException(`dataset version ${id} does not exist`);
    return v;
  }
}
