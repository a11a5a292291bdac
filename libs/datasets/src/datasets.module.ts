import { Module } from '@nestjs/common';
import { DatasetStore } from './dataset-store';
import { ImportService } from './import.service';

/** Dataset versions and imports. */
@Module({ providers: [DatasetStore, ImportService], exports: [DatasetStore, ImportService] })
export class DatasetsModule {}
