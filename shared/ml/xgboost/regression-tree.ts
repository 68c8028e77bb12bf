import type { RegressionTree } from './tree-ensemble-types';

/** A tree of `numNodes` zeroed nodes, for a parser or a trainer to fill in. */
export function emptyRegressionTree(numNodes: number): RegressionTree {
  return {
    numNodes,
    leftChild: new Int32Array(numNodes),
    rightChild: new Int32Array(numNodes),
    parent: new Int32Array(numNodes),
    splitFeature: new Int32Array(numNodes),
    splitThreshold: new Float32Array(numNodes),
    defaultLeft: new Uint8Array(numNodes),
    leafValue: new Float32Array(numNodes),
    lossChange: new Float32Array(numNodes),
    cover: new Float32Array(numNodes),
    baseWeight: new Float32Array(numNodes),
    deleted: new Uint8Array(numNodes),
    maxDepth: 0,
  };
}
