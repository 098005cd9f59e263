package io.glassbox.server;

/**
 * One line of CLIENT LIST / CLIENT INFO, field for field as Redis 7.0's {@code catClientInfoString}.
 * Memory fields describe Glassbox's own buffers as {@link ClientMemory} counts them: obl is the reply
 * buffer's first 16 KB (Redis's static buffer), oll and omem the replies beyond it plus what the
 * socket has not taken, tot-mem everything the client holds (getClientMemoryUsage).
 */
public final class ClientInfo {
    private ClientInfo() {}

    public static String line(Client c) {
        long now = c.server().clock().millis();
        StringBuilder flags = new StringBuilder();
        // the order of catClientInfoString
        if (c.replica) flags.append('S');
        if (c.master) flags.append('M');
        if (c.monitor) flags.append('O');
        if (c.pubsub.pubsubMode()) flags.append('P');
        if (c.mstate.inMulti()) flags.append('x');
        if (c.blocked) flags.append('b');
        if (c.tracking.on) flags.append('t');
        if (c.tracking.brokenRedir) flags.append('R');
        if (c.tracking.bcast) flags.append('B');
        if (c.mstate.dirtyCas()) flags.append('d');
        if (c.closeAfterReply) flags.append('c');
        if (c.closeAsap) flags.append('A');
        if (c.connection.isUnixSocket()) flags.append('U');
        if (c.noEvict) flags.append('e');
        if (flags.length() == 0) flags.append('N');
        // Redis trims the query buffer after the batch it read: while the client's own command runs
        // (CLIENT LIST from that client) the command's bytes are still in it
        int qbuf = c.parser.queryBufferLength() + c.runningRequestBytes;
        int qbufFree = c.parser.queryBufferCapacity() - qbuf;
        int argvMem = 0;
        if (c.argv != null) for (byte[] a : c.argv) argvMem += a.length;
        int rbs = c.replyArray().length;
        long totMem = ClientMemory.clientMemoryUsage(c);
        String cmd = c.lastCmd == null ? "NULL" : c.lastCmd.fullName;
        return "id=" + c.id
                + " addr=" + c.connection.remoteAddress()
                + " laddr=" + c.connection.localAddress()
                + " fd=" + c.connection.fd()
                + " name=" + (c.name == null ? "" : c.name)
                + " age=" + (now - c.createdMillis) / 1000
                + " idle=" + (now - c.lastInteractionMillis) / 1000
                + " flags=" + flags
                + " db=" + c.db().id
                + " sub=" + c.pubsub.channelCount() + " psub=" + c.pubsub.patternCount()
                + " ssub=" + c.pubsub.shardSubscriptionsCount()
                + " multi=" + c.mstate.queuedOrMinusOne()
                + " qbuf=" + qbuf
                + " qbuf-free=" + qbufFree
                + " argv-mem=" + argvMem
                + " multi-mem=" + c.mstate.memory()
                + " rbs=" + rbs
                + " rbp=" + c.pendingReplyBytes()
                + " obl=" + ClientMemory.staticBufferBytes(c)
                + " oll=" + ClientMemory.replyListLength(c)
                + " omem=" + ClientMemory.outputBufferMemoryUsage(c)
                + " tot-mem=" + totMem
                + " events=r"
                + " cmd=" + cmd
                + " user=" + (c.user == null ? "(superuser)" : c.user.name())
                + " redir=" + (c.tracking.on ? c.tracking.redirection : -1)
                + " resp=" + c.protocol();
    }
}
