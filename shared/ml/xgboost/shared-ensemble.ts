/**
 * A TreeEnsemble packed into one SharedArrayBuffer, so worker threads get it without a copy
 * (posting a SharedArrayBuffer shares it) and can open it as an ordinary TreeEnsemble whose
 * arrays are views into the buffer. Each packing has a random id: a worker keeps the last few
 * ensembles it opened, with the plans cached on them, and reuses them across tasks.
 */
import { randomUUID } from 'node:crypto';
import type { RegressionTree, TreeEnsemble } from './tree-ensemble-types';
import { memoizeByObject } from '../../core/util/memo';

export interface SharedEnsemble {
  id: string;
  buffer: SharedArrayBuffer;
  treeCount: number;
  nodeCount: number;
  meta: Pick<
    TreeEnsemble,
    'version' | 'objective' | 'booster' | 'storedBaseScore' | 'baseMargin' | 'numFeature' | 'attributes'
  >;
}

const INT_FIELDS = ['leftChild', 'rightChild', 'parent', 'splitFeature'] as const;
const FLOAT_FIELDS = ['splitThreshold', 'leafValue', 'lossChange', 'cover', 'baseWeight'] as const;
const BYTE_FIELDS = ['defaultLeft', 'deleted'] as const;

/** Byte offsets of each section: per-tree sizes and depths, then the node fields, 4-byte ones first. */
function layout(
  treeCount: number,
  nodeCount: number,
): { numNodes: number; maxDepth: number; fields: Record<string, number>; bytes: number } {
  let at = 0;
  const numNodes = at;
  at += 4 * treeCount;
  const maxDepth = at;
  at += 4 * treeCount;
  const fields: Record<string, number> = {};
  for (const name of [...INT_FIELDS, ...FLOAT_FIELDS]) {
    fields[name] = at;
    at += 4 * nodeCount;
  }
  for (const name of BYTE_FIELDS) {
    fields[name] = at;
    at += nodeCount;
  }
  return { numNodes, maxDepth, fields, bytes: at };
}

/** The ensemble in a SharedArrayBuffer (packed once per ensemble object; ensembles are treated as immutable). */
export const shareEnsemble = memoizeByObject((ensemble: TreeEnsemble): SharedEnsemble => {
  const trees = ensemble.trees;
  let nodeCount = 0;
  for (const tree of trees) nodeCount += tree.numNodes;
  const at = layout(trees.length, nodeCount);
  const buffer = new SharedArrayBuffer(at.bytes);
  const numNodes = new Int32Array(buffer, at.numNodes, trees.length);
  const maxDepth = new Int32Array(buffer, at.maxDepth, trees.length);
  let offset = 0;
  trees.forEach((tree, t) => {
    numNodes[t] = tree.numNodes;
    maxDepth[t] = tree.maxDepth;
    for (const name of INT_FIELDS)
      new Int32Array(buffer, at.fields[name] + 4 * offset, tree.numNodes).set(tree[name].subarray(0, tree.numNodes));
    for (const name of FLOAT_FIELDS)
      new Float32Array(buffer, at.fields[name] + 4 * offset, tree.numNodes).set(tree[name].subarray(0, tree.numNodes));
    for (const name of BYTE_FIELDS)
      new Uint8Array(buffer, at.fields[name] + offset, tree.numNodes).set(tree[name].subarray(0, tree.numNodes));
    offset += tree.numNodes;
  });
  const { version, objective, booster, storedBaseScore, baseMargin, numFeature, attributes } = ensemble;
  const shared: SharedEnsemble = {
    id: randomUUID(),
    buffer,
    treeCount: trees.length,
    nodeCount,
    meta: {
      version: { ...version },
      objective,
      booster,
      storedBaseScore,
      baseMargin,
      numFeature,
      attributes: { ...attributes },
    },
  };
  return shared;
});

function unpack(shared: SharedEnsemble): TreeEnsemble {
  const at = layout(shared.treeCount, shared.nodeCount);
  if (shared.buffer.byteLength !== at.bytes) {
    throw new Error(
      `shared ensemble ${shared.id}: buffer holds ${shared.buffer.byteLength} bytes, ${shared.treeCount} trees of ${shared.nodeCount} nodes need ${at.bytes}`,
    );
  }
  const buffer = shared.buffer;
  const numNodes = new Int32Array(buffer, at.numNodes, shared.treeCount);
  const maxDepth = new Int32Array(buffer, at.maxDepth, shared.treeCount);
  const trees: RegressionTree[] = [];
  let offset = 0;
  for (let t = 0; t < shared.treeCount; t++) {
    const n = numNodes[t];
    const int = (name: (typeof INT_FIELDS)[number]): Int32Array =>
      new Int32Array(buffer, at.fields[name] + 4 * offset, n);
    const float = (name: (typeof FLOAT_FIELDS)[number]): Float32Array =>
      new Float32Array(buffer, at.fields[name] + 4 * offset, n);
    const byte = (name: (typeof BYTE_FIELDS)[number]): Uint8Array =>
      new Uint8Array(buffer, at.fields[name] + offset, n);
    trees.push({
      numNodes: n,
      leftChild: int('leftChild'),
      rightChild: int('rightChild'),
      parent: int('parent'),
      splitFeature: int('splitFeature'),
      splitThreshold: float('splitThreshold'),
      defaultLeft: byte('defaultLeft'),
      leafValue: float('leafValue'),
      lossChange: float('lossChange'),
      cover: float('cover'),
      baseWeight: float('baseWeight'),
      deleted: byte('deleted'),
      maxDepth: maxDepth[t],
    });
    offset += n;
  }
  return { ...shared.meta, version: { ...shared.meta.version }, attributes: { ...shared.meta.attributes }, trees };
}

/** Ensembles a thread opened most recently (oldest first); their cached plans live as long as they do. */
const OPEN_LIMIT = 4;
const opened = new Map<string, TreeEnsemble>();

/** The shared ensemble as a TreeEnsemble (views, no copy); the same object while it stays among the last few opened. */
export function openSharedEnsemble(shared: SharedEnsemble): TreeEnsemble {
  let ensemble = opened.get(shared.id);
  if (ensemble !== undefined) {
    opened.delete(shared.id);
  } else {
    ensemble = unpack(shared);
    if (opened.size >= OPEN_LIMIT) opened.delete(opened.keys().next().value as string);
  }
  opened.set(shared.id, ensemble);
  return ensemble;
}
