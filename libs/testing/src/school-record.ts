import type { SchoolRecord } from '@app/domain';

/**
 * A school record with neutral defaults (open public primary school, no pupils, no seats) for tests: only what a
 * test is about needs spelling out.
 * @example schoolRecord({ code: 'S1', enrolment: 180, approvedSeats: 270 })
 */
export function schoolRecord(over: Partial<SchoolRecord> & Pick<SchoolRecord, 'code'>): SchoolRecord {
  return {
    name: over.code,
    stages: ['primary'],
    ownership: 'public',
    lon: 0,
    lat: 0,
    countyCode: null,
    townshipCode: null,
    classesByGrade: {},
    enrolmentByGrade: {},
    enrolment: 0,
    classes: 0,
    approvedSeats: 0,
    classSizeNorm: null,
    maxClasses: null,
    boardingPlaces: 0,
    teachers: 0,
    indicators: null,
    status: 'open',
    openYear: null,
    closeYear: null,
    ...over,
  };
}
