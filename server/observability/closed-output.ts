// When whoever reads this process's output goes away (a log shipper restarted, the parent that
// started it exited), writing to stdout or stderr fails with EPIPE. Unheard, that error becomes an
// uncaught exception, which Next.js prints with console.error, to the same closed pipe: the
// process then spins at full CPU on its own error messages (seen here: two orphaned instances at
// 70 % CPU each). With this installed, lines written after the reader left are lost and the process
// goes on serving; any other error of those streams is thrown as before.

const holder = globalThis as unknown as { __atriumClosedOutput?: boolean };

export function keepRunningWhenOutputCloses(): void {
  if (holder.__atriumClosedOutput) return;
  holder.__atriumClosedOutput = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
}
