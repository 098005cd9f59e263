#!/usr/bin/env python3
"""Collects (reply bytes, redis-cli output) pairs from a real redis-server and redis-cli 7.0.

Usage: collect_redis_cli_replies.py PORT > redis-cli-replies.tsv
Each line: protocol, command, base64(reply as sent on the wire), base64(redis-cli --no-raw
stdout), base64(redis-cli --raw stdout). ReplyFormatterTest replays them; the expected text
comes from redis-cli itself, never from Glassbox.
"""
import base64, shlex, socket, subprocess, sys

port = int(sys.argv[1])

def enc(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out

def read_reply(f):
    line = f.readline()
    t = line[:1]
    data = line
    if t in b"+-:,#(_":
        return data
    if t in b"$=!":
        n = int(line[1:-2])
        if n < 0:
            return data
        return data + f.read(n + 2)
    if t in b"*~>%|":
        n = int(line[1:-2])
        if n < 0:
            return data
        if t in b"%|":
            n *= 2
        for _ in range(n):
            data += read_reply(f)
        if t == b"|":
            data += read_reply(f)
        return data
    raise ValueError(line)

def wire(proto, args):
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    if proto == 3:
        s.sendall(enc(["HELLO", "3"]))
        read_reply(f)
    s.sendall(enc(args))
    r = read_reply(f)
    s.close()
    return r

def cli(proto, args, mode):
    cmd = ["redis-cli", "-p", str(port), mode] + (["-3"] if proto == 3 else []) + args
    return subprocess.run(cmd, capture_output=True).stdout

setup = [
    ["FLUSHALL"],
    ["SET", "a", "1"], ["SET", "esc", "line1\nline2\r\t\x07\x08\"q\\ \x01\x7f\xff"],
    ["SET", "utf", "h\u00e9llo"], ["SET", "empty", ""],
    ["RPUSH", "l", "x", "y", "z"] + ["e%d" % i for i in range(10)],
    ["HSET", "h", "f1", "v1", "f2", "v2"], ["SADD", "s", "m1"],
    ["ZADD", "z", "1.5", "one", "2", "two"],
    ["CONFIG", "SET", "enable-debug-command", "yes"],
]
for c in setup:
    wire(2, c)

cases = [
    "PING", "ECHO hello", "GET a", "GET esc", "GET utf", "GET empty", "GET nokey",
    "INCRBY nocounter 0", "STRLEN esc", "SET a 1", "LRANGE l 0 -1", "LRANGE nolist 0 -1",
    "HGETALL h", "SMEMBERS s", "ZRANGE z 0 -1 WITHSCORES", "ZSCORE z one", "ZSCORE z nomember",
    "NOSUCHCOMMAND x", "GET", "LPOP l 0", "EXISTS a nokey",
    "MGET a nokey esc", "SCAN 0 COUNT 100 MATCH nomatch*", "CONFIG GET maxmemory-policy",
    "COMMAND INFO get", "OBJECT ENCODING l", "TYPE h", "HELLO 3", "HELLO 2",
    "DEBUG PROTOCOL string", "DEBUG PROTOCOL integer", "DEBUG PROTOCOL double",
    "DEBUG PROTOCOL bignum", "DEBUG PROTOCOL null", "DEBUG PROTOCOL array", "DEBUG PROTOCOL set",
    "DEBUG PROTOCOL map", "DEBUG PROTOCOL true", "DEBUG PROTOCOL false", "DEBUG PROTOCOL verbatim",
    "DEBUG PROTOCOL attrib",
    "EVAL \"return {1,{2,{3,'x'}},'y'}\" 0",
    "EVAL \"local t = {} for i=1,12 do t[i]={i,'v'..i} end return t\" 0",
    "EVAL \"return {{{1,2}}}\" 0", "EVAL \"return {{{1,{2,3}}}}\" 0",
    "EVAL \"redis.setresp(3); return redis.call('HGETALL','h')\" 0",
    "COMMAND DOCS get", "COMMAND DOCS set", "COMMAND INFO set", "CONFIG GET maxmemory*",
]
for proto in (2, 3):
    for line in cases:
        args = shlex.split(line)
        r = wire(proto, args)
        tty = cli(proto, args, "--no-raw")
        raw = cli(proto, args, "--raw")
        print("\t".join([str(proto), line, base64.b64encode(r).decode(),
                         base64.b64encode(tty).decode(), base64.b64encode(raw).decode()]))
