/** The syntax tree of an expression; every node has a `type` and the source position it starts at. */
export type Node =
  | LiteralNode
  | IdentifierNode
  | PointerNode
  | UnaryNode
  | BinaryNode
  | MemberNode
  | SliceNode
  | CallNode
  | ClosureNode
  | ArrayNode
  | MapNode
  | ConditionalNode
  | LetNode;

export interface LiteralNode {
  readonly type: 'literal';
  readonly value: unknown;
  readonly pos: number;
}

export interface IdentifierNode {
  readonly type: 'identifier';
  readonly name: string;
  readonly pos: number;
}

/** `#` (the current element), `#index` or `#acc` inside a predicate. */
export interface PointerNode {
  readonly type: 'pointer';
  readonly name: '' | 'index' | 'acc';
  readonly pos: number;
}

export interface UnaryNode {
  readonly type: 'unary';
  readonly op: string;
  readonly operand: Node;
  readonly pos: number;
}

export interface BinaryNode {
  readonly type: 'binary';
  readonly op: string;
  readonly left: Node;
  readonly right: Node;
  readonly pos: number;
}

/** `a.b` (property is a string literal), `a[expr]`, `a?.b`, `a?.[expr]`. */
export interface MemberNode {
  readonly type: 'member';
  readonly object: Node;
  readonly property: Node;
  readonly optional: boolean;
  readonly pos: number;
}

export interface SliceNode {
  readonly type: 'slice';
  readonly object: Node;
  readonly from: Node | undefined;
  readonly to: Node | undefined;
  readonly pos: number;
}

export interface CallNode {
  readonly type: 'call';
  readonly callee: Node;
  readonly args: readonly Node[];
  readonly pos: number;
}

export interface ClosureNode {
  readonly type: 'closure';
  readonly body: Node;
  readonly pos: number;
}

export interface ArrayNode {
  readonly type: 'array';
  readonly elements: readonly Node[];
  readonly pos: number;
}

export interface MapNode {
  readonly type: 'map';
  readonly entries: readonly { readonly key: Node; readonly value: Node }[];
  readonly pos: number;
}

export interface ConditionalNode {
  readonly type: 'conditional';
  readonly test: Node;
  readonly consequent: Node;
  readonly alternate: Node;
  readonly pos: number;
}

export interface LetNode {
  readonly type: 'let';
  readonly name: string;
  readonly value: Node;
  readonly body: Node;
  readonly pos: number;
}
