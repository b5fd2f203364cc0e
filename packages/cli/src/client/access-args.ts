/**
 * Parsing of `weft secret …` and `weft token …` (a weft server's Secrets and access tokens). Pure.
 *
 *   weft secret create NAME [--from-literal K=V]... [--from-file [K=]PATH]... [--type T]
 *   weft secret list | get NAME... | delete NAME... | rotate-key
 *   weft token create --namespace N|'*' --role R [--expires 720h] [--description TEXT]
 *   weft token list [--namespace N|'*'] | revoke NAME [--namespace N|'*']
 */
import { UsageError } from '../errors.js';
import type { ClientOutput, Connection } from './client-args.js';
import { connectionOf, connectionOptions, parseFlags, parseOutput } from './client-args.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface SecretArgs {
  readonly action: 'secret';
  readonly sub: 'create' | 'list' | 'get' | 'delete' | 'rotate-key';
  readonly connection: Connection;
  readonly names: readonly string[];
  /** `K=V` from --from-literal, in order. */
  readonly literals: readonly { readonly key: string; readonly value: string }[];
  /** `[K=]PATH` from --from-file (the key defaults to the file's base name). */
  readonly files: readonly { readonly key?: string; readonly path: string }[];
  readonly type?: string;
  readonly output?: ClientOutput;
}

export interface TokenArgs {
  readonly action: 'token';
  readonly sub: 'create' | 'list' | 'revoke';
  readonly connection: Connection;
  /** The namespace the token grants in, `*` for every namespace. */
  readonly grantNamespace: string;
  readonly role?: string;
  readonly expires?: string;
  readonly description?: string;
  readonly names: readonly string[];
  readonly output?: ClientOutput;
}

const secretSubs = ['create', 'list', 'get', 'delete', 'rotate-key'] as const;
const tokenSubs = ['create', 'list', 'revoke'] as const;

function subcommandOf<T extends string>(
  group: string,
  sub: string | undefined,
  subs: readonly T[],
): T | 'help' {
  if (sub === undefined || sub === '-h' || sub === '--help') return 'help';
  if (!(subs as readonly string[]).includes(sub))
    throw new UsageError(`unknown ${group} subcommand "${sub}" (one of ${subs.join(', ')})`, group);
  return sub as T;
}

export function parseSecretArgs(
  argv: readonly string[],
  env: Env,
): SecretArgs | { action: 'help'; topic: string } {
  const [first, ...rest] = argv;
  const sub = subcommandOf('secret', first, secretSubs);
  if (sub === 'help') return { action: 'help', topic: 'secret' };
  const options = {
    ...connectionOptions,
    'from-literal': { type: 'string', multiple: true },
    'from-file': { type: 'string', multiple: true },
    type: { type: 'string' },
    output: { type: 'string', short: 'o' },
  } as const;
  const { values, positionals } = parseFlags(rest, options, 'secret');
  if (values.help) return { action: 'help', topic: 'secret' };
  const literals = (values['from-literal'] ?? []).map((text) => {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`--from-literal "${text}" must look like KEY=VALUE`, 'secret');
    return { key: text.slice(0, at), value: text.slice(at + 1) };
  });
  const files = (values['from-file'] ?? []).map((text) => {
    const at = text.indexOf('=');
    return at > 0 ? { key: text.slice(0, at), path: text.slice(at + 1) } : { path: text };
  });
  if (sub !== 'create' && (literals.length > 0 || files.length > 0 || values.type))
    throw new UsageError(`weft secret ${sub} takes no --from-literal, --from-file or --type`, 'secret');
  if (sub === 'create' && positionals.length !== 1)
    throw new UsageError('weft secret create needs one NAME', 'secret');
  if (sub === 'create' && literals.length + files.length === 0)
    throw new UsageError(
      'weft secret create needs --from-literal KEY=VALUE or --from-file [KEY=]PATH',
      'secret',
    );
  if ((sub === 'get' || sub === 'delete') && positionals.length === 0)
    throw new UsageError(`weft secret ${sub} needs at least one NAME`, 'secret');
  if ((sub === 'list' || sub === 'rotate-key') && positionals.length > 0)
    throw new UsageError(`weft secret ${sub} takes no arguments`, 'secret');
  return {
    action: 'secret',
    sub,
    connection: connectionOf(values, env, `secret ${sub}`, 'secret'),
    names: positionals,
    literals,
    files,
    ...(values.type ? { type: values.type } : {}),
    output: parseOutput(values.output, 'secret'),
  };
}

export function parseTokenArgs(
  argv: readonly string[],
  env: Env,
): TokenArgs | { action: 'help'; topic: string } {
  const [first, ...rest] = argv;
  const sub = subcommandOf('token', first, tokenSubs);
  if (sub === 'help') return { action: 'help', topic: 'token' };
  const options = {
    ...connectionOptions,
    role: { type: 'string' },
    expires: { type: 'string' },
    description: { type: 'string' },
    output: { type: 'string', short: 'o' },
  } as const;
  const { values, positionals } = parseFlags(rest, options, 'token');
  if (values.help) return { action: 'help', topic: 'token' };
  const everywhere = values.namespace === '*';
  const connection = connectionOf(
    { ...values, namespace: everywhere ? undefined : values.namespace },
    env,
    `token ${sub}`,
    'token',
  );
  if (sub === 'create' && !values.role)
    throw new UsageError('weft token create needs --role viewer|runner|editor|admin', 'token');
  if (sub !== 'create' && (values.role || values.expires || values.description))
    throw new UsageError(`weft token ${sub} takes no --role, --expires or --description`, 'token');
  if (sub === 'revoke' && positionals.length === 0)
    throw new UsageError('weft token revoke needs at least one NAME', 'token');
  if (sub !== 'revoke' && positionals.length > 0)
    throw new UsageError(`weft token ${sub} takes no arguments`, 'token');
  return {
    action: 'token',
    sub,
    connection,
    grantNamespace: everywhere ? '*' : connection.namespace,
    ...(values.role ? { role: values.role } : {}),
    ...(values.expires ? { expires: values.expires } : {}),
    ...(values.description ? { description: values.description } : {}),
    names: positionals,
    output: parseOutput(values.output, 'token'),
  };
}

export const secretUsage = `Usage:
  weft secret create NAME [--from-literal KEY=VALUE]... [--from-file [KEY=]PATH]... [--type TYPE]
  weft secret list                 names and keys (values are never shown)
  weft secret get NAME...          one Secret's keys
  weft secret delete NAME...
  weft secret rotate-key           new encryption key; every Secret is re-sealed (admin of every namespace)

Secrets are stored encrypted by the server and given only to the steps that name them
(env valueFrom.secretKeyRef, envFrom.secretRef, secret volumes, artifact repository credentials).

Flags:
      --from-literal KEY=VALUE  a key and its value (repeatable)
      --from-file [KEY=]PATH    a key and a file's content; KEY defaults to the file's name (repeatable)
      --type TYPE               the Secret's type (default Opaque)
  -o, --output FORMAT           json or yaml (list, get)
      --server URL, -n NS       as for every server command ($WEFT_SERVER, $WEFT_TOKEN)`;

export const tokenUsage = `Usage:
  weft token create --namespace NS --role ROLE [--expires DURATION] [--description TEXT]
  weft token list [--namespace NS]
  weft token revoke NAME... [--namespace NS]

Tokens for a server started with --auth-mode client. ROLE is viewer (read), runner (submit and
control runs of stored templates), editor (workflows, templates, crons, secrets) or admin (tokens).
--namespace '*' grants the role in every namespace. create prints the token (once) on stdout.

Flags:
      --expires DURATION   e.g. 720h; default: never
  -o, --output FORMAT      json or yaml (list)
      --server URL         as for every server command ($WEFT_SERVER, $WEFT_TOKEN)`;
