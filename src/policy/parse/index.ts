// Policy input: read files/stdin, parse multi-document YAML/JSON with source positions.
export {readSources, maxInputBytes, MAX_INPUT_BYTES, STDIN_NAME, type Source} from './read.js';
export {parseSources, type ParsedDocument, type ParseResult, type Position} from './documents.js';
export {formatPath, type Diagnostic, type Layer, type PathSegment, type Severity} from './diagnostic.js';
export {POLICY_KINDS, isPolicyKind, type PolicyKind} from './kinds.js';
