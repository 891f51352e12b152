/** Text machine ids: order (numeric ids by value, then text) and what a cell may hold. */
import { describe, expect, it } from 'vitest';
import {
  compareMachineIds,
  isNumericMachineId,
  machineIdProblem,
  trimCell,
} from '../../../workers/shared/machine-id';

describe('machine ids', () => {
  it('sorts all-numeric ids by value first, then the others by text', () => {
    const ids = ['T07', '12', 'P-101A', '7', 'Pump 3', 'M001', '100', '007', 'MJ1311YNG733NA'];
    expect([...ids].sort(compareMachineIds)).toEqual([
      '007',
      '7',
      '12',
      '100',
      'M001',
      'MJ1311YNG733NA',
      'P-101A',
      'Pump 3',
      'T07',
    ]);
  });

  it('compares long digit strings by value without losing precision', () => {
    expect(compareMachineIds('99999999999999999998', '99999999999999999999')).toBeLessThan(0);
    expect(compareMachineIds('100000000000000000000', '99999999999999999999')).toBeGreaterThan(0);
  });

  it('tells numeric ids', () => {
    expect(isNumericMachineId('42')).toBe(true);
    expect(isNumericMachineId('4 2')).toBe(false);
    expect(isNumericMachineId('-1')).toBe(false);
  });

  it('refuses empty, control characters and very long cells, naming why', () => {
    expect(machineIdProblem('')).toBe('empty machine id');
    expect(machineIdProblem('a\u0001b')).toMatch(/control/);
    expect(machineIdProblem('x'.repeat(101))).toMatch(/longer than 100/);
    expect(machineIdProblem('Pump 3')).toBeNull();
  });

  it('trims spaces only when there are some', () => {
    expect(trimCell('  P-101A ')).toBe('P-101A');
    const s = 'T07';
    expect(trimCell(s)).toBe(s);
  });
});
