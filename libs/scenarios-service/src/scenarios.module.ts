import { Module } from '@nestjs/common';
import { DatasetsModule } from '@app/datasets-service';
import { DemandModule } from '@app/projection-service';
import { WarningsModule } from '@app/warnings-service';
import { RunExecutor } from './run-executor';
import { RunResultsService } from './run-results.service';
import { RunsService } from './runs.service';
import { RunStorageService } from './run-storage.service';
import { ScenarioStepHandler } from './scenario-step.handler';
import { ScenariosService } from './scenarios.service';

/** What-if scenarios and their runs. */
@Module({
  imports: [DatasetsModule, DemandModule, WarningsModule],
  providers: [ScenariosService, RunsService, RunExecutor, ScenarioStepHandler, RunResultsService, RunStorageService],
  exports: [ScenariosService, RunsService, RunResultsService, RunStorageService],
})
export class ScenariosModule {}
