package dev.autodistill4j.onnx.export;

import dev.autodistill4j.onnx.graph.GraphBuilder;

/**
 * A built graph and what an int8 export made of its weight layers, for the manifest: how many were written in
 * int8 and how many were kept in fp32 (both 0 in an fp32 export).
 */
record BuiltGraph(GraphBuilder graph, int int8Layers, int fp32Layers) {
}
