/** Starts a bundled Function as the Fn agent does; see fn-process.mjs. */
export interface FnAnswer {
  httpStatus: number;
  /** The parsed JSON outcome, or the raw text when it was not JSON. */
  body: any;
  ms: number;
  endedAt: number;
}
export interface BenchFunction {
  pid: number;
  started: number;
  readyMs: number;
  call(body: string): Promise<FnAnswer>;
  stderr(): string;
  memory(): { peakMb: number; rssMb: number };
  stop(): Promise<void>;
}
export function startFunction(
  entry: string,
  options: { workDir: string; memoryMb?: number; config?: Record<string, string>; nodeArgs?: string[] },
): Promise<BenchFunction>;
export function callOverSocket(socketPath: string, body: string): Promise<FnAnswer>;
export function memoryOf(pid: number): { peakMb: number; rssMb: number };
export function functionShape(funcYamlText: string): { memoryMb: number; nodeArgs: string[] };
