/**
 * Where this pipeline's tables live in their buckets: the one home of these keys. A light module:
 * every notebook's first cell reads it (stages.ts) to say which notebook to run first.
 */

/** The silver Delta table's path in the silver bucket (notebook 01 writes it). */
export const SILVER_TABLE_PATH = 'stroke';

/** The gold table's prefix in the gold bucket (notebook 02 writes it; 03 and 04 read it). */
export const GOLD_TABLE_PREFIX = 'stroke';
