#!/usr/bin/env python3
# The Redis 7.0.15 half of the fuzzers' seed corpora (docs/fuzzing.md): starts redis-server on PORT
# with an AOF, writes every type in each of its encodings (and a transaction, a second database),
# then saves DUMP bodies (RESTORE seeds), RDB files (RDB seeds) and the AOF incr file (AOF seeds)
# under the engine's test resources. Usage: bench/fuzz-seeds-redis.py [PORT]   (run by bench/fuzz.sh seeds)
import socket, subprocess, time, os, sys, shutil, glob, tempfile
port = int(sys.argv[1]) if len(sys.argv) > 1 else 7650
res = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'engine', 'src', 'test', 'resources', 'io', 'glassbox', 'persistence')
dirs = {'restore': res + '/rdb/RestorePayloadFuzzTestInputs/anyValueBytesAsARestorePayload',
        'rdb': res + '/rdb/RdbLoadFuzzTestInputs/anyBytesAsAnRdbFile',
        'aof': res + '/aof/AofLoadFuzzTestInputs/anyManifestAndIncrFile'}
d = tempfile.mkdtemp(prefix='glassbox-redis-seeds')
p = subprocess.Popen(['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--dir', d, '--save', '',
                      '--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', '--daemonize', 'no', '--logfile', d + '/log'])
time.sleep(0.5)
s = socket.create_connection(('127.0.0.1', port))
f = s.makefile('rb')
def enc(*a):
    r = b'*%d\r\n' % len(a)
    for x in a:
        x = x if isinstance(x, bytes) else str(x).encode()
        r += b'$%d\r\n%s\r\n' % (len(x), x)
    return r
def read():
    l = f.readline()
    t = l[:1]
    if t == b'$':
        n = int(l[1:])
        if n < 0: return None
        v = f.read(n + 2)[:-2]; return v
    if t == b'*':
        return [read() for _ in range(int(l[1:]))]
    if t == b'-': return Exception(l)
    return l[1:-2]
def call(*a):
    s.sendall(enc(*a)); return read()
cmds = [
 ('SET','s:int','12345'), ('SET','s:str','hello world'), ('SET','s:raw','x'*100), ('SET','s:lzf','abc'*200),
 ('RPUSH','l:lp','a','b','1','-5','3.5'), ('RPUSH','l:ql',*['v%d' % i for i in range(200)]),
 ('SADD','set:int','1','2','3','-7'), ('SADD','set:ht','a','b','c'), ('SADD','set:bigint',*[str(i*1000000007) for i in range(600)]),
 ('ZADD','z:lp','1','a','2.5','b','-inf','c'), ('ZADD','z:sl',*sum([[str(i/3), 'm%d' % i] for i in range(200)], [])),
 ('HSET','h:lp','f1','v1','f2','2'), ('HSET','h:ht',*sum([['f%d' % i, 'v'*70] for i in range(10)], [])),
 ('XADD','x:s','1-1','a','1','b','2'), ('XADD','x:s','2-0','a','3'), ('XGROUP','CREATE','x:s','g','0'),
 ('XREADGROUP','GROUP','g','c1','COUNT','1','STREAMS','x:s','>'),
 ('MULTI',), ('INCR','ctr'), ('EXPIRE','s:str','1000'), ('EXEC',),
 ('SELECT','3'), ('SET','db3','v'), ('PEXPIREAT','db3','99999999999999'), ('SELECT','0'),
]
for c in cmds: call(*c)
for dd in dirs.values(): os.makedirs(dd, exist_ok=True)
for k in ['s:int','s:str','s:raw','s:lzf','l:lp','l:ql','set:int','set:ht','set:bigint','z:lp','z:sl','h:lp','h:ht','x:s']:
    v = call('DUMP', k)
    open(dirs['restore'] + '/redis-7.0.15-' + k.replace(':','-'), 'wb').write(v[:-10])
call('SAVE')
shutil.copy(d + '/dump.rdb', dirs['rdb'] + '/redis-7.0.15-all-types.rdb')
call('FLUSHALL'); call('SET','k','v'); call('RPUSH','l','a'); call('SAVE')
shutil.copy(d + '/dump.rdb', dirs['rdb'] + '/redis-7.0.15-small.rdb')
# the harness writes only the incr file: a manifest that names it alone
man = b'file appendonly.aof.1.incr.aof seq 1 type i\n'
incr = open(glob.glob(d + '/appendonlydir/*.incr.aof')[0], 'rb').read()
open(dirs['aof'] + '/redis-7.0.15-manifest-and-incr', 'wb').write(man + b'\0' + incr)
open(dirs['aof'] + '/redis-7.0.15-incr', 'wb').write(incr)
call('SHUTDOWN','NOSAVE')
p.wait()
shutil.rmtree(d, ignore_errors=True)
