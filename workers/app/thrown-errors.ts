/**
 * Errors thrown by the engine cross to the UI through comlink, which keeps only an
 * Error's name, message and stack. A FieldError's field, code and parameters must
 * cross too (the UI places the message next to its field and words it in the user's
 * language), so the worker serialises them alongside; comlink's own deserialiser
 * copies every serialised property onto the Error it rethrows.
 */
import * as Comlink from 'comlink';
import { FieldError } from '../shared/field-error';
import { saidOf } from '../shared/said';

type ThrowHandler = Comlink.TransferHandler<{ value: unknown }, { value: unknown }>;

/** Wraps comlink's handler for thrown values so FieldError details survive the crossing. */
export function keepFieldErrorDetails(): void {
  const base = Comlink.transferHandlers.get('throw') as ThrowHandler | undefined;
  if (!base) throw new Error("comlink has no 'throw' transfer handler");
  if ((base as { keepsFields?: boolean }).keepsFields) return;
  const handler: ThrowHandler & { keepsFields: true } = {
    keepsFields: true,
    canHandle: (v): v is { value: unknown } => base.canHandle(v),
    serialize(thrown) {
      const [out, transfer] = base.serialize(thrown);
      const e = thrown.value;
      if (e instanceof FieldError && out.value && typeof out.value === 'object') {
        out.value = { ...out.value, field: e.field, code: e.code, params: { ...e.params } };
      } else if (e instanceof Error && out.value && typeof out.value === 'object') {
        // Any other error's code (withSaid), so the UI words it in the user's language.
        const s = saidOf(e);
        if (s) out.value = { ...out.value, said: { code: s.code, params: { ...s.params } } };
      }
      return [out, transfer];
    },
    deserialize: (v) => base.deserialize(v),
  };
  Comlink.transferHandlers.set('throw', handler as Comlink.TransferHandler<unknown, unknown>);
}
