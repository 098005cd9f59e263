package io.glassbox.diff;

import io.glassbox.testkit.Conversation;
import io.glassbox.testkit.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Function libraries where Redis's own suite (unit/functions) found Glassbox different, compared
 * reply for reply with redis-server 7.0.15: DEBUG RELOAD's NOFLUSH and MERGE with a library already
 * loaded (rdbFunctionLoad without and with RDBFLAGS_ALLOW_DUP), a FUNCTION LOAD whose top-level code
 * never ends (LOAD_TIMEOUT_MS), the subcommand syntax errors of FUNCTION FLUSH and RESTORE, and
 * the flags a function declares deciding what processCommand lets through on a read-only replica
 * (fcallGetCommandFlags).
 */
@Tag("differential")
class FunctionsDifferentialTest extends AgainstRealRedis {
    private static final String LIB = "FUNCTION LOAD \"#!lua name=test\\nredis.register_function('test', function() return 'hello' end)\"";

    @Test
    void debugReloadNoflushAndMergeMatchRedis() throws Exception {
        Conversation.compare("debug reload", redis.port(), glassbox.port(), t -> {
            t.quiet(0, "FLUSHALL");
            t.quiet(0, "FUNCTION FLUSH");
            t.call(0, LIB);
            t.call(0, "SET k v");
            t.call(0, "DEBUG RELOAD NOFLUSH");           // the library is there already: the load fails
            t.call(0, "FUNCTION LIST");
            t.call(0, "GET k");
            t.call(0, "DEBUG RELOAD NOFLUSH MERGE");     // duplicates replace what is there
            t.call(0, "FUNCTION LIST");
            t.call(0, "GET k");
            t.call(0, "DEBUG RELOAD NOSAVE");
            t.call(0, "FCALL test 0");
            t.call(0, "DEBUG RELOAD BADOPTION");
        });
    }

    @Test
    void functionLoadTimesOutAndSubcommandErrorsMatchRedis() throws Exception {
        Conversation.compare("load timeout", redis.port(), glassbox.port(), t -> {
            t.quiet(0, "FUNCTION FLUSH");
            t.call(0, "FUNCTION LOAD \"#!lua name=lib\\nlocal a = 1 while 1 do a = a + 1 end\"");
            t.call(0, "FUNCTION LOAD \"#!lua name=lib2\\nlocal ok = pcall(function() while 1 do end end) while 1 do end\"");
            t.call(0, "FUNCTION LIST");
            t.call(0, "PING");
            t.call(0, "FUNCTION FLUSH bad_arg");
            t.call(0, "FUNCTION FLUSH sync extra_arg");
            t.call(0, "FUNCTION RESTORE arg1 args2 arg3");
        });
    }

    @Test
    void aFunctionsDeclaredFlagsDecideOnAReadOnlyReplica() throws Exception {
        // each server is made a replica of a master that does not exist: its link stays down, and
        // replica-serve-stale-data (yes) keeps it answering
        int deadPort = Ports.free();
        {
            Conversation.compare("replica flags", redis.port(), glassbox.port(), t -> {
                t.quiet(0, "FUNCTION FLUSH");
                t.call(0, "FUNCTION LOAD \"#!lua name=w\\nredis.register_function('writes', function() return 1 end)\"");
                t.call(0, "FUNCTION LOAD \"#!lua name=r\\nredis.register_function{function_name='reads', callback=function() return 2 end, flags={'no-writes'}}\"");
                t.call(0, "REPLICAOF 127.0.0.1 " + deadPort);
                t.call(0, "FCALL writes 0");
                t.call(0, "FCALL reads 0");
                t.call(0, "FCALL_RO reads 0");
                t.call(0, "EVAL \"#!lua\\nreturn 1\" 0");
                t.call(0, "EVAL \"#!lua flags=no-writes\\nreturn 1\" 0");
                t.call(0, "EVAL \"return 1\" 0");
                t.call(0, "EVAL \"#!lua flags=bogus\\nreturn 1\" 0");
                t.call(0, "REPLICAOF NO ONE");
                t.quiet(0, "FUNCTION FLUSH");
            });
        }
    }
}
