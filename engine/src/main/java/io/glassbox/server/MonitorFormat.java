package io.glassbox.server;

/** How MONITOR and the slow log quote arguments: Redis's {@code sdscatrepr}. */
public final class MonitorFormat {
    private MonitorFormat() {}

    public static String repr(byte[] a) {
        StringBuilder sb = new StringBuilder(a.length + 2).append('"');
        for (byte b : a) {
            int c = b & 0xff;
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case 7: sb.append("\\a"); break;
                case '\b': sb.append("\\b"); break;
                default:
                    if (c >= 32 && c < 127) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
