"""Just enough of the Redis protocol (RESP) for a counter: PING, INCR, GET, SET."""

import socket


class RedisError(Exception):
    pass


class Redis:
    def __init__(self, host, port=6379, timeout=2.0):
        self.address = (host, int(port))
        self.timeout = timeout

    def command(self, *args):
        """Send one command on a fresh connection and return its reply."""
        payload = f"*{len(args)}\r\n".encode()
        for arg in args:
            data = str(arg).encode()
            payload += b"$%d\r\n%s\r\n" % (len(data), data)
        with socket.create_connection(self.address, timeout=self.timeout) as sock:
            sock.sendall(payload)
            return self._reply(sock.makefile("rb"))

    def _reply(self, stream):
        line = stream.readline()
        if not line:
            raise RedisError("connection closed by redis")
        kind, rest = line[:1], line[1:].strip()
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RedisError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            return None if size < 0 else stream.read(size + 2)[:-2].decode()
        raise RedisError(f"unexpected reply {line!r}")

    def ping(self):
        return self.command("PING") == "PONG"

    def incr(self, key):
        return self.command("INCR", key)

    def get(self, key):
        return self.command("GET", key)

    def set(self, key, value):
        return self.command("SET", key, value)
