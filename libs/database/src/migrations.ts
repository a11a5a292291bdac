import { InitialSchema1795973830112 } from '../../../migrations/1795973830112-InitialSchema';
import { ProjectionResults1795974360529 } from '../../../migrations/1795974360529-ProjectionResults';
import { Warnings1795974748225 } from '../../../migrations/1795974748225-Warnings';
import { ScenariosAndAccess1795975611959 } from '../../../migrations/1795975611959-ScenariosAndAccess';
import { Roads1796168629270 } from '../../../migrations/1796168629270-Roads';
import { RunReviews1796169618151 } from '../../../migrations/1796169618151-RunReviews';
import { WarningProbabilities1796171377625 } from '../../../migrations/1796171377625-WarningProbabilities';
import { RunStorage1796180000000 } from '../../../migrations/1796180000000-RunStorage';
import { ReadCacheNotify1796200000000 } from '../../../migrations/1796200000000-ReadCacheNotify';
import { UniqueEvaluationContent1796210000000 } from '../../../migrations/1796210000000-UniqueEvaluationContent';
import { MaxSmallSchoolsName1796220000000 } from '../../../migrations/1796220000000-MaxSmallSchoolsName';

/** Migrations in order. Listed explicitly so ts-node, jest and the compiled build load the same set. */
export const MIGRATIONS = [
  InitialSchema1795973830112,
  ProjectionResults1795974360529,
  Warnings1795974748225,
  ScenariosAndAccess1795975611959,
  Roads1796168629270,
  RunReviews1796169618151,
  WarningProbabilities1796171377625,
  RunStorage1796180000000,
  ReadCacheNotify1796200000000,
  UniqueEvaluationContent1796210000000,
  MaxSmallSchoolsName1796220000000,
];
