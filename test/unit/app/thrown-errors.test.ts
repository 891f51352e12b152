/**
 * A FieldError thrown in the engine reaches the UI with its field, code and parameters
 * (comlink alone keeps only the message), over a real message channel.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { keepFieldErrorDetails } from '../../../workers/app/thrown-errors';
import { FieldError, fieldProblemOf } from '../../../workers/shared/field-error';
import { assertCadence, DEFAULT_CADENCE } from '../../../workers/shared/cadence';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function connect<T>(api: T): Comlink.Remote<T> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(api, port1);
  return Comlink.wrap<T>(port2);
}

const api = {
  cadence(): void {
    assertCadence({ ...DEFAULT_CADENCE, windowSeconds: [3600, 3600] });
  },
  plain(): void {
    throw new RangeError('not about a field');
  },
};

describe('errors thrown across the worker boundary', () => {
  it('keep field, code and parameters of a FieldError', async () => {
    keepFieldErrorDetails();
    keepFieldErrorDetails(); // idempotent
    const remote = connect(api);
    const e = await remote.cadence().then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(Error);
    expect(fieldProblemOf(e)).toEqual({
      field: 'windows',
      code: 'duplicate',
      params: { value: '1h' },
      message: 'the window 1h is given twice',
    });
  });

  it('leave other errors as messages without a field', async () => {
    keepFieldErrorDetails();
    const e = await connect(api)
      .plain()
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect((e as Error).message).toBe('not about a field');
    expect(fieldProblemOf(e)).toBeNull();
  });

  it('a FieldError is a RangeError for callers that catch bad input', () => {
    const e = new FieldError('step', 'range', 'the step must be ...', { max: '30 d' });
    expect(e).toBeInstanceOf(RangeError);
    expect(fieldProblemOf(e)?.params).toEqual({ max: '30 d' });
  });
});
