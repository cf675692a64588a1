import { CONTROL_OPS, type ControlOp, type ControlOps } from '@core/commands/contract';

type Handler<K extends ControlOp> = (
  arg: ControlOps[K]['arg'],
) => ControlOps[K]['result'] | Promise<ControlOps[K]['result']>;

/** An op's failure, with a message meant for the user. */
export class ControlFailure extends Error {
  constructor(
    message: string,
    /** HTTP status for the headless route: 404 for an unknown op, 400 when the command itself failed. */
    readonly status: number,
  ) {
    super(message);
  }
}

export interface Control {
  register<K extends ControlOp>(op: K, handler: Handler<K>): void;
  /** Runs an op by name with an untrusted argument (from IPC or HTTP). Rejects with a ControlFailure. */
  run(op: string, arg: unknown): Promise<unknown>;
}

/** The commands of the process that owns the receiver: each feature registers its ops; both transports call `run`. */
export function createControl(): Control {
  const handlers = new Map<ControlOp, Handler<ControlOp>>();
  return {
    register(op, handler) {
      handlers.set(op, handler as unknown as Handler<ControlOp>);
    },
    async run(op, arg) {
      if (!CONTROL_OPS.includes(op as ControlOp)) throw new ControlFailure(`unknown command "${op}"`, 404);
      const handler = handlers.get(op as ControlOp);
      if (!handler) throw new ControlFailure(`"${op}" is not available in this process`, 404);
      try {
        return await handler(arg as never);
      } catch (error) {
        if (error instanceof ControlFailure) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new ControlFailure(message, 400);
      }
    },
  };
}
