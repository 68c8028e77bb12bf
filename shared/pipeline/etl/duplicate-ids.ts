/**
 * Repeated patient ids. The original variant's `id` identifies a patient and is kept in silver,
 * so a second row with the same id is either a duplicated export or a conflicting record: in both
 * cases silver keeps the first valid row with that id (in input order) and quarantines the later
 * ones with the first one's line, so nothing is lost and a reviewer can compare the two. The PII
 * variant has no id column; its rows are not deduplicated (two patients may share every recorded value).
 */

export const DUPLICATE_ID_REASON = 'id repeats the id of an earlier valid row (the first is kept; see firstLine)';

const EMPTY = -1;

/**
 * First line seen per id, as an open-addressing hash table on typed arrays: 8 bytes a slot at
 * most half full, where a Map costs several times that and refuses more than 2^24 entries.
 * Ids are non-negative int32 (validate.ts parseId), so -1 marks an empty slot.
 */
export class FirstLineById {
  private ids: Int32Array;
  private lines: Int32Array;
  private bits: number;
  private size = 0;

  constructor(initialBits = 10) {
    this.bits = initialBits;
    this.ids = new Int32Array(1 << initialBits).fill(EMPTY);
    this.lines = new Int32Array(1 << initialBits);
  }

  /** The line recorded for `id`, or undefined after recording `line` as its first. */
  firstLineOrRecord(id: number, line: number): number | undefined {
    const mask = this.ids.length - 1;
    let slot = Math.imul(id, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const held = this.ids[slot];
      if (held === id) return this.lines[slot];
      if (held === EMPTY) break;
      slot = (slot + 1) & mask;
    }
    this.ids[slot] = id;
    this.lines[slot] = line;
    if (++this.size * 2 > this.ids.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const { ids, lines } = this;
    this.bits++;
    this.ids = new Int32Array(1 << this.bits).fill(EMPTY);
    this.lines = new Int32Array(1 << this.bits);
    this.size = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== EMPTY) this.firstLineOrRecord(ids[i], lines[i]);
  }
}
