import type { SchoolRecord } from '@app/domain';
import { schoolRecord } from '@app/testing';
import { isSchoolOpen, stageEnrolment, stageSeats } from './school-capacity';

const base: SchoolRecord = schoolRecord({ code: 'S' });

describe('isSchoolOpen', () => {
  it('handles closed, closing, planned and opening schools per year', () => {
    expect(isSchoolOpen(base, 2030)).toBe(true);
    expect(isSchoolOpen({ ...base, status: 'closed' }, 2020)).toBe(false);
    expect(isSchoolOpen({ ...base, closeYear: 2028 }, 2027)).toBe(true);
    expect(isSchoolOpen({ ...base, closeYear: 2028 }, 2028)).toBe(false);
    expect(isSchoolOpen({ ...base, status: 'planned', openYear: 2027 }, 2026)).toBe(false);
    expect(isSchoolOpen({ ...base, status: 'planned', openYear: 2027 }, 2027)).toBe(true);
    expect(isSchoolOpen({ ...base, status: 'planned', openYear: null }, 2040)).toBe(false);
  });
});

describe('stageSeats', () => {
  it('uses approved seats, else classes x norm (school norm, else the stage default)', () => {
    expect(stageSeats({ ...base, approvedSeats: 540, classes: 10 }, 'primary')).toEqual({
      seats: 540,
      intakeSeats: 90,
      classSizeNorm: 45,
      classes: 10,
    });
    expect(stageSeats({ ...base, classes: 12 }, 'primary').seats).toBe(540);
    expect(stageSeats({ ...base, classes: 12, classSizeNorm: 40 }, 'primary').seats).toBe(480);
    expect(stageSeats({ ...base, stages: ['junior'], classes: 9 }, 'junior')).toEqual({
      seats: 450,
      intakeSeats: 150,
      classSizeNorm: 50,
      classes: 9,
    });
    expect(stageSeats({ ...base, classes: 12 }, 'junior').seats).toBe(0);
  });

  it('splits a nine-year school by classes per grade, else by grades', () => {
    const nine: SchoolRecord = { ...base, stages: ['primary', 'junior'], approvedSeats: 1000, classes: 16 };
    // 12 primary classes, 4 junior classes: 1000 x 12/16 = 750, 1000 x 4/16 = 250.
    const withGrades = { ...nine, classesByGrade: { '1': 2, '2': 2, '3': 2, '4': 2, '5': 2, '6': 2, '7': 2, '8': 1, '9': 1 } };
    expect(stageSeats(withGrades, 'primary').seats).toBe(750);
    expect(stageSeats(withGrades, 'junior')).toEqual({ seats: 250, intakeSeats: 250 / 3, classSizeNorm: 50, classes: 4 });
    // No per-grade classes: 6/9 and 3/9 of the seats.
    expect(stageSeats(nine, 'primary').seats).toBeCloseTo(666.667, 3);
    // No approved seats: each stage's own classes x its norm.
    expect(stageSeats({ ...withGrades, approvedSeats: 0 }, 'junior').seats).toBe(200);
    expect(stageSeats({ ...withGrades, approvedSeats: 0 }, 'primary').seats).toBe(540);
  });

  it('derives intake seats from entry classes when asked', () => {
    const s = { ...base, approvedSeats: 540, classesByGrade: { '1': 3, '2': 2, '3': 2, '4': 2, '5': 2, '6': 1 } };
    expect(stageSeats(s, 'primary', 'seats_per_grade').intakeSeats).toBe(90);
    expect(stageSeats(s, 'primary', 'entry_classes').intakeSeats).toBe(135);
    expect(stageSeats({ ...s, classesByGrade: {} }, 'primary', 'entry_classes').intakeSeats).toBe(90);
  });
});

describe('stageEnrolment', () => {
  it('sums grades, else splits the total', () => {
    const nine: SchoolRecord = { ...base, stages: ['primary', 'junior'], enrolment: 900, enrolmentByGrade: { '1': 100, '7': 50, '8': 50 } };
    expect(stageEnrolment(nine, 'primary')).toBe(100);
    expect(stageEnrolment(nine, 'junior')).toBe(100);
    expect(stageEnrolment({ ...nine, enrolmentByGrade: {} }, 'junior')).toBe(300);
  });
});
