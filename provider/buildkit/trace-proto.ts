import * as protobuf from "protobufjs";

/**
 * The part of BuildKit's `api/services/control/control.proto` (package `moby.buildkit.v1`) that the engine streams as
 * `moby.buildkit.trace`: a StatusResponse with vertexes, statuses, logs and warnings. Field numbers follow BuildKit's
 * file; fields this library does not read (`Vertex.progressGroup`, `VertexWarning.info`, `VertexWarning.ranges`) are
 * left out, and protobuf decoding skips them. `Timestamp` has the wire format of `google.protobuf.Timestamp`.
 */
const TRACE_PROTO = `
syntax = "proto3";
package moby.buildkit.v1;

message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}

message StatusResponse {
  repeated Vertex vertexes = 1;
  repeated VertexStatus statuses = 2;
  repeated VertexLog logs = 3;
  repeated VertexWarning warnings = 4;
}

message Vertex {
  string digest = 1;
  repeated string inputs = 2;
  string name = 3;
  bool cached = 4;
  Timestamp started = 5;
  Timestamp completed = 6;
  string error = 7;
}

message VertexStatus {
  string ID = 1;
  string vertex = 2;
  string name = 3;
  int64 current = 4;
  int64 total = 5;
  Timestamp timestamp = 6;
  Timestamp started = 7;
  Timestamp completed = 8;
}

message VertexLog {
  string vertex = 1;
  Timestamp timestamp = 2;
  int64 stream = 3;
  bytes msg = 4;
}

message VertexWarning {
  string vertex = 1;
  int64 level = 2;
  bytes short = 3;
  repeated bytes detail = 4;
  string url = 5;
}
`;

/** The protobuf type `moby.buildkit.v1.StatusResponse`, for decoding the engine's trace (and encoding it in tests). */
export const StatusResponseType: protobuf.Type = protobuf
  .parse(TRACE_PROTO, { keepCase: true })
  .root.lookupType("moby.buildkit.v1.StatusResponse");
