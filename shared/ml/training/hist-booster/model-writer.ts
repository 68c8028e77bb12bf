/**
 * Writes a TreeEnsemble as XGBoost binary model bytes in the pre-1.0 layout the wasm engine
 * (ml-xgboost) emits: no "binf" magic, version 0.0, base_score stored as a margin. See
 * xgb-binary-model.ts for the field layout; that parser reads these bytes back.
 */
import { TreeEnsemble } from '../../xgboost/tree-ensemble-types';
import {
  GBTREE_PARAM_BYTES,
  LEARNER_PARAM_BYTES,
  NODE_BYTES,
  STAT_BYTES,
  TREE_PARAM_BYTES,
} from '../../xgboost/xgb-binary-layout';

const LEFT_CHILD_BIT = 0x80000000;

function stringBytes(text: string): number {
  return 8 + new TextEncoder().encode(text).length;
}

class ByteWriter {
  private readonly view: DataView;
  offset = 0;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer);
  }
  int32(value: number): void {
    this.view.setInt32(this.offset, value, true);
    this.offset += 4;
  }
  uint32(value: number): void {
    this.view.setUint32(this.offset, value >>> 0, true);
    this.offset += 4;
  }
  float32(value: number): void {
    this.view.setFloat32(this.offset, value, true);
    this.offset += 4;
  }
  string(text: string): void {
    const encoded = new TextEncoder().encode(text);
    this.view.setUint32(this.offset, encoded.length, true);
    this.offset += 8;
    this.bytes.set(encoded, this.offset);
    this.offset += encoded.length;
  }
  /** Leaves `count` zero bytes (reserved fields). */
  zeros(count: number): void {
    this.offset += count;
  }
}

/** Binary model bytes for a single-output gbtree ensemble with no attributes; throws on anything else. */
export function writeXGBoostBinaryModel(ensemble: TreeEnsemble): Uint8Array {
  if (Object.keys(ensemble.attributes).length > 0)
    throw new Error('writeXGBoostBinaryModel: attributes are not supported');
  let size = LEARNER_PARAM_BYTES + stringBytes(ensemble.objective) + stringBytes(ensemble.booster) + GBTREE_PARAM_BYTES;
  for (const tree of ensemble.trees) size += TREE_PARAM_BYTES + tree.numNodes * (NODE_BYTES + STAT_BYTES) + 4;
  const out = new ByteWriter(new Uint8Array(size));
  out.float32(ensemble.baseMargin);
  out.uint32(ensemble.numFeature);
  out.zeros(LEARNER_PARAM_BYTES - 8);
  out.string(ensemble.objective);
  out.string(ensemble.booster);
  out.int32(ensemble.trees.length);
  out.int32(1);
  out.int32(ensemble.numFeature);
  out.zeros(4 + 8);
  out.int32(1);
  out.zeros(GBTREE_PARAM_BYTES - 28);
  ensemble.trees.forEach((tree) => {
    out.int32(1);
    out.int32(tree.numNodes);
    out.int32(0);
    out.int32(tree.maxDepth);
    out.int32(ensemble.numFeature);
    out.int32(0);
    out.zeros(TREE_PARAM_BYTES - 24);
    for (let n = 0; n < tree.numNodes; n++) {
      const parent = tree.parent[n];
      out.uint32(parent === -1 ? 0xffffffff : parent | (tree.leftChild[parent] === n ? LEFT_CHILD_BIT : 0));
      out.int32(tree.leftChild[n]);
      out.int32(tree.rightChild[n]);
      const isLeaf = tree.leftChild[n] === -1;
      out.uint32(isLeaf ? 0 : tree.splitFeature[n] | (tree.defaultLeft[n] === 1 ? LEFT_CHILD_BIT : 0));
      out.float32(isLeaf ? tree.leafValue[n] : tree.splitThreshold[n]);
    }
    for (let n = 0; n < tree.numNodes; n++) {
      out.float32(tree.lossChange[n]);
      out.float32(tree.cover[n]);
      out.float32(tree.baseWeight[n]);
      out.int32(0);
    }
  });
  for (let t = 0; t < ensemble.trees.length; t++) out.int32(0);
  if (out.offset !== size) throw new Error(`writeXGBoostBinaryModel: wrote ${out.offset} bytes, expected ${size}`);
  return out.bytes;
}
