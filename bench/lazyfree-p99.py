#!/usr/bin/env python3
"""GET latency while a 1M-member set is deleted (DEL blocks in Redis, UNLINK hands it to bio_lazy_free).

Usage: bench/lazyfree-p99.py PORT DEL UNLINK [DEL UNLINK ...]   (a running server on 127.0.0.1:PORT; it is FLUSHALLed)
For each command: builds the set (SADD in batches of 10,000), waits 2 s, starts a GET loop on its own
connection, deletes the set 0.5 s later and prints how long the delete took to reply and the GETs'
p50 / p99 / p99.9 / max over the 2 s window (the max is where a blocking delete shows).
"""
import socket, sys, threading, time

def conn(port):
    s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); return s

def cmd(s, *args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    s.sendall(out)

def read_reply(f):
    line = f.readline()
    t = line[:1]
    if t in (b"+", b"-", b":"): return line
    if t == b"$":
        n = int(line[1:]); 
        if n >= 0: f.read(n + 2)
        return line
    if t == b"*":
        for _ in range(int(line[1:])): read_reply(f)
        return line
    return line

def run(port, delcmd, members):
    c = conn(port); f = c.makefile("rb")
    cmd(c, "FLUSHALL"); read_reply(f)
    cmd(c, "SET", "k", "v"); read_reply(f)
    batch = 10000
    for start in range(0, members, batch):
        cmd(c, "SADD", "big", *range(start, start + batch))
    for start in range(0, members, batch): read_reply(f)
    cmd(c, "SCARD", "big"); card = read_reply(f)
    time.sleep(2.0)  # let the server settle (and the JVM collect)
    lat = []; stop = [False]
    def getter():
        g = conn(port); gf = g.makefile("rb")
        while not stop[0]:
            t0 = time.perf_counter(); cmd(g, "GET", "k"); read_reply(gf); lat.append(time.perf_counter() - t0)
        g.close()
    th = threading.Thread(target=getter); th.start()
    time.sleep(0.5)
    t0 = time.perf_counter(); cmd(c, delcmd, "big"); r = read_reply(f); dt = time.perf_counter() - t0
    time.sleep(1.5); stop[0] = True; th.join()
    lat.sort(); n = len(lat)
    q = lambda p: lat[min(n - 1, int(p * n))] * 1000
    print(f"port {port} {delcmd:6s} set {card.strip().decode()} reply {r.strip().decode()} took {dt*1000:8.2f} ms | GETs {n:6d} p50 {q(.5):.3f} p99 {q(.99):.3f} p99.9 {q(.999):.3f} max {lat[-1]*1000:.3f} ms")
    c.close()

port = int(sys.argv[1])
for delcmd in sys.argv[2:]:
    run(port, delcmd, 1_000_000)
