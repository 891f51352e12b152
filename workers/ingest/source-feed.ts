/**
 * Reading an ImportSource twice at most: a short first look (the header and enough of
 * the timestamp column to settle day/month order) and the import itself. A factory
 * source is simply opened again; a one-shot iterable has the chunks of the first look
 * buffered and replayed (capped, so memory stays bounded).
 */
import { ImportError, type ImportSource } from './types';

/** Largest first look buffered for a one-shot source. */
export const FIRST_LOOK_CAP = 64 * 1024 * 1024;

export class SourceFeed {
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private it: AsyncIterator<Uint8Array> | null = null;
  private ended = false;

  constructor(private readonly src: ImportSource) {}

  private iterator(): AsyncIterator<Uint8Array> {
    const c = this.src.chunks;
    if (typeof c === 'function') throw new Error('unreachable');
    this.it ??= c[Symbol.asyncIterator]();
    return this.it;
  }

  /** Chunks for the first look; the consumer may stop early (break). */
  async *firstLook(): AsyncGenerator<Uint8Array> {
    const c = this.src.chunks;
    if (typeof c === 'function') {
      yield* c();
      return;
    }
    const it = this.iterator();
    for (;;) {
      const r = await it.next();
      if (r.done) {
        this.ended = true;
        return;
      }
      this.buffered.push(r.value);
      this.bufferedBytes += r.value.length;
      if (this.bufferedBytes > FIRST_LOOK_CAP) {
        throw new ImportError(
          `${this.src.name}: the day/month order of the timestamps is not settled in the first ` +
            `${FIRST_LOOK_CAP >> 20} MB; give the date format (DMY or MDY)`,
          this.src.name,
          'ambiguous-date',
        ).coded('ambiguous-date-undecided', { mb: FIRST_LOOK_CAP >> 20 });
      }
      yield r.value;
    }
  }

  /** All chunks of the file, for the import. */
  async *all(): AsyncGenerator<Uint8Array> {
    const c = this.src.chunks;
    if (typeof c === 'function') {
      yield* c();
      return;
    }
    while (this.buffered.length > 0) yield this.buffered.shift()!;
    this.bufferedBytes = 0;
    if (this.ended) return;
    const it = this.iterator();
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
}
