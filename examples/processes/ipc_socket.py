"""A child process talks to its parent over a TCP socket on 127.0.0.1, the
same way separate programs (or machines) would."""

import multiprocessing as mp
import socket


def client(port):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"hello from child\n")
        reply = sock.makefile().readline().strip()
        sock.sendall(f"child got {reply}\n".encode())


if __name__ == "__main__":
    # Port 0 lets the OS pick a free port.
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        # daemon: ended, not awaited, if the parent exits early (e.g. Ctrl+C)
        p = mp.Process(target=client, args=(port,), daemon=True)
        p.start()
        conn, _ = server.accept()
        with conn, conn.makefile("rw") as stream:
            line = stream.readline().strip()
            print("server got:", line)
            stream.write(line.upper() + "\n")
            stream.flush()
            print("server got:", stream.readline().strip())
        p.join()
    # Only the parent prints, so the order of lines is always the same.
    print("child exitcode:", p.exitcode)
