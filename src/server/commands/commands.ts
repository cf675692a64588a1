import { COMMAND_OPS, type CommandOp, type CommandOps } from '@core/commands/contract';

type Handler<K extends CommandOp> = (
  arg: CommandOps[K]['arg'],
) => CommandOps[K]['result'] | Promise<CommandOps[K]['result']>;

/** An op's failure, with a message meant for the user. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    /** HTTP status for the headless route: 404 for an unknown op, 400 when the command itself failed. */
    readonly status: number,
  ) {
    super(message);
  }
}

export interface Commands {
  register<K extends CommandOp>(op: K, handler: Handler<K>): void;
  /** Runs an op by name with an untrusted argument (from IPC or HTTP). Rejects with a CommandFailure. */
  run(op: string, arg: unknown): Promise<unknown>;
}

/** The commands of the process that owns the receiver: each feature registers its ops; both transports call `run`. */
export function createCommands(): Commands {
  const handlers = new Map<CommandOp, Handler<CommandOp>>();
  return {
    register(op, handler) {
      handlers.set(op, handler as unknown as Handler<CommandOp>);
    },
    async run(op, arg) {
      if (!COMMAND_OPS.includes(op as CommandOp)) throw new CommandFailure(`unknown command "${op}"`, 404);
      const handler = handlers.get(op as CommandOp);
      if (!handler) throw new CommandFailure(`"${op}" is not available in this process`, 404);
      try {
        return await handler(arg as never);
      } catch (error) {
        if (error instanceof CommandFailure) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new CommandFailure(message, 400);
      }
    },
  };
}
