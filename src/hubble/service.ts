// The grpc-js ServiceDefinition of observer.Observer, shared by the client (axon observe,
// hubble status/list) and the server (src/hubble/server.ts, used by the agent).
// Messages are (de)serialised with protobuf-es from our own generated schemas.
import type {MethodDefinition, ServiceDefinition} from '@grpc/grpc-js';
import {fromBinary, toBinary, type DescMessage, type MessageShape} from '@bufbuild/protobuf';
import {
  GetFlowsRequestSchema,
  GetFlowsResponseSchema,
  GetNamespacesRequestSchema,
  GetNamespacesResponseSchema,
  GetNodesRequestSchema,
  GetNodesResponseSchema,
  ServerStatusRequestSchema,
  ServerStatusResponseSchema,
  type GetFlowsRequest,
  type GetFlowsResponse,
  type GetNamespacesRequest,
  type GetNamespacesResponse,
  type GetNodesRequest,
  type GetNodesResponse,
  type ServerStatusRequest,
  type ServerStatusResponse,
} from './gen/observer/observer_pb.js';

export const OBSERVER_SERVICE = 'observer.Observer';

function method<Req extends DescMessage, Res extends DescMessage>(
  name: string,
  req: Req,
  res: Res,
  responseStream: boolean,
): MethodDefinition<MessageShape<Req>, MessageShape<Res>> {
  const read = {readUnknownFields: false};
  return {
    path: `/${OBSERVER_SERVICE}/${name}`,
    requestStream: false,
    responseStream,
    requestSerialize: (m) => Buffer.from(toBinary(req, m)),
    requestDeserialize: (b) => fromBinary(req, b, read),
    // A server may write pre-encoded bytes (see server.ts: encoded once per ring entry).
    responseSerialize: (m) => (m instanceof Uint8Array ? Buffer.from(m.buffer, m.byteOffset, m.byteLength) : Buffer.from(toBinary(res, m))),
    responseDeserialize: (b) => fromBinary(res, b, read),
    originalName: name[0].toLowerCase() + name.slice(1),
  };
}

export interface ObserverService {
  getFlows: MethodDefinition<GetFlowsRequest, GetFlowsResponse>;
  getNodes: MethodDefinition<GetNodesRequest, GetNodesResponse>;
  getNamespaces: MethodDefinition<GetNamespacesRequest, GetNamespacesResponse>;
  serverStatus: MethodDefinition<ServerStatusRequest, ServerStatusResponse>;
}

export const observerService: ObserverService & ServiceDefinition = {
  getFlows: method('GetFlows', GetFlowsRequestSchema, GetFlowsResponseSchema, true),
  getNodes: method('GetNodes', GetNodesRequestSchema, GetNodesResponseSchema, false),
  getNamespaces: method('GetNamespaces', GetNamespacesRequestSchema, GetNamespacesResponseSchema, false),
  serverStatus: method('ServerStatus', ServerStatusRequestSchema, ServerStatusResponseSchema, false),
};

