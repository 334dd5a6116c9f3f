import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const REDIS_SERVER = 'redis-server';
const INSTALL_HINT = 'apt-get install -y redis-server';

/** Whether Debian's redis-server is installed. */
export function hasRedisServer(): boolean {
  return spawnSync(REDIS_SERVER, ['--version']).status === 0;
}

/**
 * `describe` when redis-server is installed; otherwise skipped with the install hint, except
 * under CI, where a missing server must fail rather than pass by skipping.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (hasRedisServer()) return describe(name, body);
  if (process.env.CI) {
    describe(name, () => {
      it('needs redis-server', () => {
        throw new Error(`redis-server is not installed; CI must install it (${INSTALL_HINT})`);
      });
    });
    return;
  }
  process.stderr.write(`Skipping "${name}": redis-server is not installed (${INSTALL_HINT}).\n`);
  describe.skip(name, body);
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A throwaway redis-server on loopback: no persistence, stopped (and restartable) by the test. */
export class RedisServer {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.resume();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again, on the same port). */
  async resume(): Promise<void> {
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.process = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${output.slice(-500)}`)));
    });
  }

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
    this.process = undefined;
  }
}

/** A throwaway redis-server for the tests of a file (inside describeWithRedis): started before them, stopped after. */
export function useRedisServer(): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  // A test that stopped it and failed before resuming must not take the next test down with it.
  afterEach(async () => {
    if (server && !server.running) await server.resume();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('redis-server is started in beforeAll');
    return server;
  };
}
