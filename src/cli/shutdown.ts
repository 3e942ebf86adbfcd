/** Stops long-running commands cleanly on Ctrl-C or a service manager's SIGTERM. */
export function stopOnSignals(stop: () => Promise<void>, log: (message: string) => void = console.error): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting at once`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
