/**
 * Parser for XGBoost's binary model format, as written by the XGBoost 0.7x engine inside
 * ml-xgboost (`save_model`) and by XGBoost 1.x (`save_model('x.model')`, `save_raw('deprecated')`).
 *
 * Layout (all little-endian; C structs dumped as-is):
 *   ["binf"]                       4-byte magic, written by 1.x, absent from 0.7x
 *   LearnerModelParam   136 bytes  f32 base_score, u32 num_feature, i32 num_class,
 *                                  i32 contain_extra_attrs, i32 contain_eval_metrics,
 *                                  u32 major_version, u32 minor_version (0, 0 before 1.0), reserved
 *   objective, booster             u64 length + bytes each
 *   GBTreeModelParam    160 bytes  i32 num_trees, i32 num_roots|num_parallel_tree, i32 num_feature,
 *                                  i32 pad, i64 num_pbuffer, i32 num_output_group, i32 size_leaf_vector, reserved
 *                                  (1.x writes 0 for the deprecated num_feature and num_output_group)
 *   per tree: TreeParam 148 bytes  i32 num_roots, i32 num_nodes, i32 num_deleted, i32 max_depth,
 *                                  i32 num_feature, i32 size_leaf_vector, reserved
 *             nodes     20 bytes each: i32 parent (bit 31 = is left child), i32 left, i32 right,
 *                                  u32 split index (bit 31 = default left; all ones = deleted),
 *                                  f32 leaf value or split threshold
 *             stats     16 bytes each: f32 loss_chg, f32 sum_hess, f32 base_weight, i32 leaf_child_cnt
 *   tree_info           i32 per tree (output group)
 *   [attributes]        u64 count, then (key, value) strings, when contain_extra_attrs != 0
 *   [max_delta_step]    one string, for count:poisson only
 *   [eval metrics]      u64 count, then strings, when contain_eval_metrics != 0
 *
 * base_score: the 0.7x engine stores it already transformed to a margin (ml-xgboost with
 * base_score 0.3 stores logit(0.3) = -0.8473); 1.x stores the user's probability-space value
 * (python with base_score 0.3 stores 0.3) and applies the objective's link when loading.
 * Both were verified against python xgboost 1.7.4 predictions on the same bytes.
 */
import { GBTREE_PARAM_BYTES, LEARNER_PARAM_BYTES, NODE_BYTES, STAT_BYTES, TREE_PARAM_BYTES } from './xgb-binary-layout';
import { emptyRegressionTree } from './regression-tree';
import { ByteReader } from './byte-reader';
import { RegressionTree, TreeEnsemble } from './tree-ensemble-types';

const DELETED_MARKER = 0xffffffff;
const MAGIC = 'binf';

const LOGIT_OBJECTIVES = new Set(['binary:logistic', 'reg:logistic', 'binary:logitraw']);
const IDENTITY_OBJECTIVES = new Set(['reg:linear', 'reg:squarederror', 'reg:pseudohubererror']);
const LOG_OBJECTIVES = new Set(['count:poisson', 'reg:gamma', 'reg:tweedie']);

/** XGBoost's ProbToMargin for `objective`, evaluated in float32 like XGBoost does. */
export function probabilityToMargin(objective: string, baseScore: number): number {
  const f = Math.fround;
  if (LOGIT_OBJECTIVES.has(objective)) return f(-Math.log(f(f(1 / baseScore) - 1)));
  if (IDENTITY_OBJECTIVES.has(objective)) return baseScore;
  if (LOG_OBJECTIVES.has(objective)) return f(Math.log(baseScore));
  throw new Error(`unsupported objective "${objective}" in XGBoost model (no base_score link known)`);
}

function readTree(reader: ByteReader, index: number, numFeature: number): RegressionTree {
  const where = `tree ${index}`;
  const numRoots = reader.int32(`${where} num_roots`);
  const numNodes = reader.int32(`${where} num_nodes`);
  reader.int32(`${where} num_deleted`);
  reader.int32(`${where} max_depth`);
  reader.int32(`${where} num_feature`);
  const sizeLeafVector = reader.int32(`${where} size_leaf_vector`);
  reader.skip(TREE_PARAM_BYTES - 24, `${where} reserved parameters`);
  if (numRoots !== 1) throw new Error(`XGBoost model ${where}: num_roots must be 1, got ${numRoots}`);
  if (sizeLeafVector !== 0)
    throw new Error(`XGBoost model ${where}: leaf vectors (size ${sizeLeafVector}) are not supported`);
  if (numNodes < 1) throw new Error(`XGBoost model ${where}: num_nodes must be >= 1, got ${numNodes}`);
  reader.need(numNodes * (NODE_BYTES + STAT_BYTES), `${where} nodes and stats (${numNodes} nodes)`);

  const tree = emptyRegressionTree(numNodes);
  for (let n = 0; n < numNodes; n++) {
    const parentField = reader.int32(`${where} node ${n} parent`);
    const left = reader.int32(`${where} node ${n} left child`);
    const right = reader.int32(`${where} node ${n} right child`);
    const splitIndex = reader.uint32(`${where} node ${n} split index`);
    const info = reader.float32(`${where} node ${n} value`);
    tree.parent[n] = parentField === -1 ? -1 : parentField & 0x7fffffff;
    tree.leftChild[n] = left;
    tree.rightChild[n] = right;
    if (splitIndex === DELETED_MARKER) {
      tree.deleted[n] = 1;
    } else if (left === -1) {
      tree.leafValue[n] = info;
    } else {
      tree.splitFeature[n] = splitIndex & 0x7fffffff;
      tree.defaultLeft[n] = splitIndex >>> 31;
      tree.splitThreshold[n] = info;
    }
  }
  for (let n = 0; n < numNodes; n++) {
    tree.lossChange[n] = reader.float32(`${where} node ${n} loss_chg`);
    tree.cover[n] = reader.float32(`${where} node ${n} sum_hess`);
    tree.baseWeight[n] = reader.float32(`${where} node ${n} base_weight`);
    reader.int32(`${where} node ${n} leaf_child_cnt`);
  }
  tree.maxDepth = checkStructure(tree, where, numFeature);
  return tree;
}

/** Walks the tree from the root, rejecting bad links; returns the maximum depth. */
function checkStructure(tree: RegressionTree, where: string, numFeature: number): number {
  const visited = new Uint8Array(tree.numNodes);
  const stack: number[] = [0];
  const depth = new Int32Array(tree.numNodes);
  let maxDepth = 0;
  while (stack.length > 0) {
    const n = stack.pop() as number;
    if (visited[n]) throw new Error(`XGBoost model ${where}: node ${n} is reachable twice (corrupt links)`);
    visited[n] = 1;
    if (tree.deleted[n]) throw new Error(`XGBoost model ${where}: deleted node ${n} is reachable from the root`);
    maxDepth = Math.max(maxDepth, depth[n]);
    const left = tree.leftChild[n];
    const right = tree.rightChild[n];
    if (left === -1) continue;
    for (const child of [left, right]) {
      if (child <= 0 || child >= tree.numNodes) {
        throw new Error(`XGBoost model ${where}: node ${n} has child index ${child}, outside 1..${tree.numNodes - 1}`);
      }
      depth[child] = depth[n] + 1;
      stack.push(child);
    }
    if (tree.splitFeature[n] >= numFeature) {
      throw new Error(
        `XGBoost model ${where}: node ${n} splits on feature ${tree.splitFeature[n]} but the model has ${numFeature} features`,
      );
    }
  }
  return maxDepth;
}

function readStringPairs(reader: ByteReader, field: string): Record<string, string> {
  const count = reader.uint64(`${field} count`);
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const key = reader.lengthPrefixedText(`${field} ${i} key`);
    out[key] = reader.lengthPrefixedText(`${field} ${i} value`);
  }
  return out;
}

/** Where the tree section of a binary model lies, for rewriting it without re-serialising. */
interface TreeSectionLayout {
  numTreesOffset: number;
  /** Byte offset where tree t starts; treeStart[numTrees] is where tree_info starts. */
  treeStart: number[];
  treeInfoEnd: number;
}

/** Parses binary XGBoost model bytes; throws naming the field and byte offset on bad input. */
export function parseXGBoostBinaryModel(bytes: Uint8Array): TreeEnsemble {
  return parseWithLayout(bytes).ensemble;
}

function parseWithLayout(bytes: Uint8Array): { ensemble: TreeEnsemble; layout: TreeSectionLayout } {
  const reader = new ByteReader(bytes, 'XGBoost binary model');
  if (bytes.length > 0 && bytes[0] === 0x7b) {
    throw new Error('XGBoost model bytes start with "{": this is the JSON model format, not the binary one');
  }
  if (bytes.length >= 4 && reader.text(4, 'magic') !== MAGIC) reader.offset = 0;
  const storedBaseScore = reader.float32('base_score');
  const numFeature = reader.uint32('num_feature');
  const numClass = reader.int32('num_class');
  const containExtraAttrs = reader.int32('contain_extra_attrs');
  const containEvalMetrics = reader.int32('contain_eval_metrics');
  const major = reader.uint32('major_version');
  const minor = reader.uint32('minor_version');
  reader.skip(LEARNER_PARAM_BYTES - 28, 'learner reserved parameters');
  if (numClass > 1) throw new Error(`XGBoost model has num_class ${numClass}: only single-output models are supported`);
  if (major > 100) throw new Error(`XGBoost model major_version ${major} is implausible: not a binary XGBoost model?`);

  let objectiveLength = reader.uint64('objective length');
  if (objectiveLength >= 0xffffffff) {
    // Models from very old engines store the length in the high word followed by a 4-byte gap.
    reader.int32('objective length gap');
    objectiveLength = Math.floor(objectiveLength / 4294967296);
  }
  if (objectiveLength > 256) throw new Error(`XGBoost model objective length ${objectiveLength} is implausible`);
  const objective = reader.text(objectiveLength, 'objective');
  const booster = reader.lengthPrefixedText('booster name', 256);
  if (booster !== 'gbtree') throw new Error(`XGBoost booster "${booster}" is not supported (only gbtree)`);
  const baseMargin = major === 0 ? storedBaseScore : probabilityToMargin(objective, storedBaseScore);

  const numTreesOffset = reader.offset;
  const numTrees = reader.int32('num_trees');
  reader.int32('num_parallel_tree');
  reader.int32('gbtree num_feature');
  reader.skip(4 + 8, 'gbtree padding and num_pbuffer');
  const numOutputGroup = reader.int32('num_output_group');
  reader.skip(GBTREE_PARAM_BYTES - 28, 'gbtree size_leaf_vector and reserved parameters');
  if (numTrees < 0) throw new Error(`XGBoost model num_trees is negative (${numTrees})`);
  // XGBoost 1.x leaves this deprecated field 0 (num_class in the learner header decides).
  if (numOutputGroup > 1) throw new Error(`XGBoost model has ${numOutputGroup} output groups: only 1 is supported`);

  const trees: RegressionTree[] = [];
  const treeStart: number[] = [];
  for (let t = 0; t < numTrees; t++) {
    treeStart.push(reader.offset);
    trees.push(readTree(reader, t, numFeature));
  }
  treeStart.push(reader.offset);
  for (let t = 0; t < numTrees; t++) {
    const group = reader.int32(`tree_info[${t}]`);
    if (group !== 0) throw new Error(`XGBoost model tree ${t} belongs to output group ${group}, expected 0`);
  }
  const treeInfoEnd = reader.offset;
  const attributes = containExtraAttrs !== 0 ? readStringPairs(reader, 'attribute') : {};
  if (objective === 'count:poisson') reader.lengthPrefixedText('max_delta_step');
  if (containEvalMetrics !== 0) {
    const count = reader.uint64('eval metric count');
    for (let i = 0; i < count; i++) reader.lengthPrefixedText(`eval metric ${i}`);
  }
  if (reader.remaining !== 0) {
    throw new Error(`XGBoost binary model has ${reader.remaining} unexpected trailing bytes at byte ${reader.offset}`);
  }
  const ensemble: TreeEnsemble = {
    version: { major, minor },
    objective,
    booster: 'gbtree',
    storedBaseScore,
    baseMargin,
    numFeature,
    trees,
    attributes,
  };
  return { ensemble, layout: { numTreesOffset, treeStart, treeInfoEnd } };
}

/**
 * The same binary model keeping only its first `treeCount` trees (e.g. the best early-stopping
 * round), byte-for-byte otherwise, so any XGBoost (the wasm engine, python, SageMaker) loads it.
 */
export function truncateXGBoostBinaryModel(bytes: Uint8Array, treeCount: number): Uint8Array {
  const { ensemble, layout } = parseWithLayout(bytes);
  const numTrees = ensemble.trees.length;
  if (!Number.isInteger(treeCount) || treeCount < 0 || treeCount > numTrees) {
    throw new Error(`treeCount must be an integer in [0, ${numTrees}], got ${treeCount}`);
  }
  const treeInfoStart = layout.treeStart[numTrees];
  const keptTreesEnd = layout.treeStart[treeCount];
  const tail = bytes.subarray(layout.treeInfoEnd);
  const out = new Uint8Array(keptTreesEnd + 4 * treeCount + tail.length);
  out.set(bytes.subarray(0, keptTreesEnd), 0);
  out.set(bytes.subarray(treeInfoStart, treeInfoStart + 4 * treeCount), keptTreesEnd);
  out.set(tail, keptTreesEnd + 4 * treeCount);
  new DataView(out.buffer).setInt32(layout.numTreesOffset, treeCount, true);
  return out;
}
