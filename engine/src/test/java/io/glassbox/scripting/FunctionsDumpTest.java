package io.glassbox.scripting;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** FUNCTION DUMP's payload: Redis's CRC64 and the round trip, compressed or not. */
@Tag("unit")
class FunctionsDumpTest {
    @Test
    void crc64IsRedisJonesVariant() {
        // crc64.c's own test vector; FUNCTION DUMP's footer is DUMP's, made with the RDB code's Crc64
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, io.glassbox.persistence.rdb.Crc64.update(0, b, 0, b.length));
    }

    @Test
    void payloadsRoundTrip() {
        byte[] small = "#!lua name=a\nredis.register_function('f', function() return 1 end)".getBytes(StandardCharsets.UTF_8);
        byte[] big = ("#!lua name=b\n-- " + "x".repeat(200) + "\nredis.register_function('g', function() return 2 end)").getBytes(StandardCharsets.UTF_8);
        byte[] payload = FunctionsDump.dump(List.of(small, big));
        List<byte[]> back = FunctionsDump.parse(payload);
        assertEquals(2, back.size());
        assertArrayEquals(small, back.get(0));
        assertArrayEquals(big, back.get(1));
        payload[payload.length - 1] ^= 1;
        assertNull(FunctionsDump.parse(payload), "a wrong checksum is refused");
    }
}
