/**
 * The "hang" fault of the emulators: a request that gets no answer. It is held until the
 * client gives up and closes the connection, or until the emulator is reset or closed (which
 * calls every function in `hangs`); the socket is then destroyed so no late answer escapes.
 */
interface HeldSocket {
  once(event: 'close', listener: () => void): unknown;
  destroy(): unknown;
}

export async function silence(socket: HeldSocket | undefined, hangs: Set<() => void>): Promise<Response> {
  let done = () => {};
  await new Promise<void>((resolve) => {
    done = resolve;
    hangs.add(resolve);
    socket?.once('close', () => resolve());
  });
  hangs.delete(done);
  socket?.destroy();
  return new Response(null, { status: 204 });
}
