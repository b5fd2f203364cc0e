/** `weft secret …` and `weft token …` against a weft server. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidInputError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import type { SecretArgs, TokenArgs } from '../access-args.js';
import type { ApiClient } from '../http.js';
import { age, formatDocument, formatTable } from '../table.js';

interface SecretView {
  readonly metadata: { readonly name: string; readonly creationTimestamp?: string };
  readonly type: string;
  readonly keys: readonly string[];
}
interface TokenView {
  readonly name: string;
  readonly namespace: string;
  readonly role: string;
  readonly expiresAt?: string;
  readonly description?: string;
  readonly creationTimestamp?: string;
  readonly token?: string;
}

const enc = encodeURIComponent;

async function secretData(args: SecretArgs): Promise<Record<string, string>> {
  const data: Record<string, string> = {};
  for (const file of args.files) {
    let content: Buffer;
    try {
      content = await readFile(file.path);
    } catch (error) {
      throw new InvalidInputError([
        `--from-file ${file.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ]);
    }
    data[file.key ?? basename(file.path)] = content.toString('base64');
  }
  for (const literal of args.literals)
    data[literal.key] = Buffer.from(literal.value, 'utf8').toString('base64');
  return data;
}

export async function secretCommand(args: SecretArgs, http: ApiClient, io: CliIo): Promise<ExitCode> {
  const base = `/api/v1/secrets/${enc(args.connection.namespace)}`;
  const print = (items: readonly SecretView[]) => {
    if (args.output === 'json' || args.output === 'yaml')
      io.stdout.write(
        formatDocument(items.length === 1 && args.sub === 'get' ? items[0] : items, args.output),
      );
    else if (args.output === 'name') for (const s of items) io.stdout.write(`secret/${s.metadata.name}\n`);
    else {
      const now = new Date();
      const rows = items.map((s) => [
        s.metadata.name,
        s.type,
        s.keys.join(','),
        age(s.metadata.creationTimestamp, now),
      ]);
      io.stdout.write(formatTable([['NAME', 'TYPE', 'KEYS', 'AGE'], ...rows]));
    }
  };
  switch (args.sub) {
    case 'create': {
      const name = args.names[0] as string;
      const secret = {
        metadata: { name },
        ...(args.type ? { type: args.type } : {}),
        data: await secretData(args),
      };
      const created = await http.request<SecretView>('POST', base, { body: { secret } });
      io.stdout.write(`secret/${created.metadata.name} created (keys: ${created.keys.join(', ')})\n`);
      return ExitCode.Ok;
    }
    case 'list':
      print((await http.request<{ items: SecretView[] }>('GET', base)).items);
      return ExitCode.Ok;
    case 'get': {
      const items: SecretView[] = [];
      for (const name of args.names)
        items.push(await http.request<SecretView>('GET', `${base}/${enc(name)}`));
      print(items);
      return ExitCode.Ok;
    }
    case 'delete':
      for (const name of args.names) {
        await http.request('DELETE', `${base}/${enc(name)}`);
        io.stdout.write(`secret/${name} deleted\n`);
      }
      return ExitCode.Ok;
    case 'rotate-key': {
      const result = await http.request<{ keyId: string; resealed: number }>(
        'POST',
        '/api/v1/secret-key/rotate',
      );
      io.stdout.write(`secret key rotated to ${result.keyId}; ${result.resealed} secret(s) re-sealed\n`);
      return ExitCode.Ok;
    }
  }
}

export async function tokenCommand(args: TokenArgs, http: ApiClient, io: CliIo): Promise<ExitCode> {
  const base = `/api/v1/tokens/${enc(args.grantNamespace)}`;
  switch (args.sub) {
    case 'create': {
      const body = {
        role: args.role,
        ...(args.expires ? { expiresIn: args.expires } : {}),
        ...(args.description ? { description: args.description } : {}),
      };
      const created = await http.request<TokenView>('POST', base, { body });
      if (args.output === 'json' || args.output === 'yaml')
        io.stdout.write(formatDocument(created, args.output));
      else {
        io.stdout.write(`${created.token}\n`);
        const where = created.namespace === '*' ? 'every namespace' : `namespace ${created.namespace}`;
        const until = created.expiresAt ? `, expires ${created.expiresAt}` : '';
        io.stderr.write(`token ${created.name}: ${created.role} in ${where}${until} (shown only now)\n`);
      }
      return ExitCode.Ok;
    }
    case 'list': {
      const { items } = await http.request<{ items: TokenView[] }>('GET', base);
      if (args.output === 'json' || args.output === 'yaml')
        io.stdout.write(formatDocument(items, args.output));
      else {
        const rows = items.map((t) => [t.name, t.namespace, t.role, t.expiresAt ?? '-', t.description ?? '']);
        io.stdout.write(formatTable([['NAME', 'NAMESPACE', 'ROLE', 'EXPIRES', 'DESCRIPTION'], ...rows]));
      }
      return ExitCode.Ok;
    }
    case 'revoke':
      for (const name of args.names) {
        await http.request('DELETE', `${base}/${enc(name)}`);
        io.stdout.write(`token ${name} revoked\n`);
      }
      return ExitCode.Ok;
  }
}
