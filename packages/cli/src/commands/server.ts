/** `weft server`: starts the server and serves until SIGINT or SIGTERM (steps keep running in the step runner). */
import { parseServerOptions, ServerUsageError, serverUsage, startServer } from '@weft/server';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export async function serverCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let options: ReturnType<typeof parseServerOptions>;
  try {
    options = parseServerOptions(argv, io.env);
  } catch (error) {
    if (!(error instanceof ServerUsageError)) throw error;
    io.stderr.write(`weft server: ${error.message}\n\n${serverUsage}\n`);
    return ExitCode.InvalidInput;
  }
  if (options === 'help') {
    io.stdout.write(`${serverUsage}\n`);
    return ExitCode.Ok;
  }
  const server = await startServer(options, (line) => io.stderr.write(`weft server: ${line}\n`));
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.stderr.write('weft server: shutting down (steps keep running in the step runner)\n');
  await server.close();
  return ExitCode.Ok;
}
