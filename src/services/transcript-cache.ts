import type { StoredMessage } from '../store/repositories/interview-repository.js';

/**
 * The transcripts of the interviews this instance served last, so that a turn's reply (which
 * carries the whole transcript) does not read it back from the database. An entry is only
 * extended when the database proves it complete: the last sequence the turn found stored must be
 * the cached last one. Any difference (another instance wrote, messages were erased) drops the entry and the
 * caller reads the transcript from the database. Least recently used entries go first.
 */
export class TranscriptCache {
  private readonly entries = new Map<string, readonly StoredMessage[]>();

  constructor(private readonly capacity = 1_000) {}

  /**
   * The whole transcript after a turn that found `priorSequence` as the last stored message and
   * added `added`; undefined when the cached entry does not end exactly at `priorSequence`.
   */
  extend(interviewId: string, priorSequence: number, added: readonly StoredMessage[]): readonly StoredMessage[] | undefined {
    const known = this.entries.get(interviewId);
    this.entries.delete(interviewId);
    if (!known || (known.at(-1)?.sequence ?? 0) !== priorSequence) return undefined;
    const transcript = added.length > 0 ? [...known, ...added] : known;
    this.remember(interviewId, transcript);
    return transcript;
  }

  /** Records a transcript read in full from the database. */
  remember(interviewId: string, transcript: readonly StoredMessage[]): void {
    this.entries.delete(interviewId);
    this.entries.set(interviewId, transcript);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  forget(interviewId: string): void {
    this.entries.delete(interviewId);
  }
}
