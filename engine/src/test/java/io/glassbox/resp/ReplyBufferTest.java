package io.glassbox.resp;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("unit")
class ReplyBufferTest {
    private static String text(ReplyBuffer b) { return new String(b.drainReply(), StandardCharsets.US_ASCII); }

    @Test
    void truncateDropsOnlyWhatCameAfterTheMark() {
        ReplyBuffer b = new ReplyBuffer();
        b.addBulk("earlier");          // a previous pipelined command's reply stays
        int mark = b.pendingReplyBytes();
        b.addArrayLen(3);              // a reply that failed after its header
        b.addBulk("one");
        b.truncateReply(mark);
        b.addError("boom"); // addError adds the ERR prefix
        assertEquals("$7\r\nearlier\r\n-ERR boom\r\n", text(b));
    }

    @Test
    void resp3MapIsFlatArrayInResp2() {
        ReplyBuffer b = new ReplyBuffer();
        b.addMapLen(1);
        b.addBulk("k");
        b.addBulk("v");
        assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", text(b));
        b.setProtocol(3);
        b.addMapLen(1);
        assertEquals("%1\r\n", text(b));
    }
}
