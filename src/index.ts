// whalectl as a library: `import {Docker} from 'whalectl'`. The typed Engine API client, the
// operations the CLI is made of, the wire types in the API's casing, and the error classes.
export {Docker} from './lib/docker.js'
export type {
  BuildOptions,
  BuildResult,
  DockerOptions,
  DockerTlsOptions,
  ExecOptions,
  ExecResult,
  FromEnvOptions,
  PullOptions,
  PushOptions,
  RunOptions,
  RunResult,
} from './lib/docker.js'
export {EngineClient, encodeFilters} from './lib/engine/client.js'
export {Transport} from './lib/engine/transport.js'
export type {Endpoint, TlsMaterial} from './lib/engine/endpoint.js'
export type {HijackedStream} from './lib/engine/hijack.js'
export {JSONMessageStream} from './lib/engine/json-messages.js'
export {
  AbortedError,
  ConflictError,
  ConnectionError,
  DecodeError,
  DockerError,
  EndpointError,
  EngineError,
  InvalidArgumentError,
  NotFoundError,
  StreamError,
  SystemError,
} from './lib/engine/errors.js'
export {ContainerRunError} from './lib/container/run-session.js'
export {CreateRequestError} from './lib/container/create-request.js'
export type {PullPolicy} from './lib/container/create-request.js'
export {BuildContextError} from './lib/build/context.js'
export {CredentialHelperError} from './lib/registry/auth.js'
export {FrameStream, type OutputFrame} from './lib/streams/frames.js'
export type * from './lib/engine/types.js'
