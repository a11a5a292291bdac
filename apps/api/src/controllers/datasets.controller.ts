import { BadRequestException, Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type {} from 'multer';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DatasetStore, ImportService, type ImportOutcome } from '@app/datasets';
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
  @ApiOperation({ summary: 'Import files as a new dataset version (all or nothing; 400 lists every problem)' })
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
      },
    },
  })
  @UseInterceptors(ImportSlotsInterceptor, FilesInterceptor('files'))
  async import(
    @Param('dataset') dataset: string,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @Body() body: { crs?: string; layer?: string; mode?: string; label?: string },
    @Actor() actor: ActorInfo,
  ): Promise<ImportOutcome> {
    if (!files || files.length === 0) throw new BadRequestException('no files: send them as multipart field "files"');
    if (body.layer && !LAYERS.includes(body.layer as Layer)) throw new BadRequestException(`unknown layer "${body.layer}" (expected ${LAYERS.join(', ')})`);
    if (body.mode && body.mode !== 'merge' && body.mode !== 'replace') throw new BadRequestException(`mode must be merge or replace, got "${body.mode}"`);
    return this.imports.import({
      dataset,
      files: files.map((f) => ({ name: Buffer.from(f.originalname, 'latin1').toString('utf8'), bytes: f.buffer })),
      crs: body.crs || undefined,
      layer: (body.layer as Layer) || undefined,
      mode: (body.mode as 'merge' | 'replace') || undefined,
      label: body.label,
      createdBy: actor.name,
    });
  }

  @Get()
  @ApiOperation({ summary: 'Dataset versions, oldest first' })
  async versions(): Promise<unknown[]> {
    return this.store.listVersions();
  }

  @Get('versions/:id')
  @ApiOperation({ summary: 'One dataset version with its change summary' })
  async version(@Param('id', ParseIntPipe) id: number): Promise<unknown> {
    const v = await this.store.version(id);
    if (!v) throw new NotFoundException(`dataset version ${id} does not exist`);
    return v;
  }
}
