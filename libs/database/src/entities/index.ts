import { AreaEntity } from './area.entity';
import { BirthEntity } from './birth.entity';
import { CatchmentEntity } from './catchment.entity';
import { DatasetVersionEntity } from './dataset-version.entity';
import { DatasetEntity } from './dataset.entity';
import { DistrictEntity } from './district.entity';
import { HousingProjectEntity } from './housing-project.entity';
import { PopulationCountEntity } from './population-count.entity';
import { PopulationUnitEntity } from './population-unit.entity';
import { SchoolEntity } from './school.entity';
import { ProjectionRunEntity } from './projection-run.entity';
import { ProjectionResultEntity } from './projection-result.entity';
import { WarningEvaluationEntity } from './warning-evaluation.entity';
import { CapacityFigureEntity } from './capacity-figure.entity';
import { AlertEntity } from './alert.entity';
import { AlertEventEntity } from './alert-event.entity';
import { ScenarioEntity } from './scenario.entity';
import { ScenarioRunEntity } from './scenario-run.entity';
import { ApiTokenEntity } from './api-token.entity';
import { AuditEntryEntity } from './audit-entry.entity';

export {
  AreaEntity,
  BirthEntity,
  CatchmentEntity,
  DatasetEntity,
  DatasetVersionEntity,
  DistrictEntity,
  HousingProjectEntity,
  PopulationCountEntity,
  PopulationUnitEntity,
  SchoolEntity,
  ProjectionRunEntity,
  ProjectionResultEntity,
  WarningEvaluationEntity,
  CapacityFigureEntity,
  AlertEntity,
  AlertEventEntity,
  ScenarioEntity,
  ScenarioRunEntity,
  ApiTokenEntity,
  AuditEntryEntity,
};

/** Every entity, for the DataSource. Later features append theirs here. */
export const ENTITIES = [
  DatasetEntity,
  DatasetVersionEntity,
  AreaEntity,
  DistrictEntity,
  SchoolEntity,
  CatchmentEntity,
  PopulationUnitEntity,
  PopulationCountEntity,
  BirthEntity,
  HousingProjectEntity,
  ProjectionRunEntity,
  ProjectionResultEntity,
  WarningEvaluationEntity,
  CapacityFigureEntity,
  AlertEntity,
  AlertEventEntity,
  ScenarioEntity,
  ScenarioRunEntity,
  ApiTokenEntity,
  AuditEntryEntity,
];
