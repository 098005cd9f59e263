package io.glassbox.command.geo;

import io.glassbox.command.CommandTable;
import io.glassbox.command.zset.ZsetArgs;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.geo.GeoHash;
import io.glassbox.ds.geo.GeoHashHelper;
import io.glassbox.ds.geo.GeoHashHelper.Shape;
import io.glassbox.server.Notify;
import io.glassbox.ds.skiplist.RangeSpec;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GEOADD GEODIST GEOHASH GEOPOS GEORADIUS[_RO] GEORADIUSBYMEMBER[_RO] GEOSEARCH GEOSEARCHSTORE:
 * Redis's {@code geo.c}.
 *
 * <p>A search ({@link #georadiusGeneric}) scans at most 9 score ranges of the sorted set (the
 * cells {@link GeoHashHelper#calculateAreasByShape} picks), keeps the members inside the circle
 * or box, sorts them by distance if asked (or if COUNT is given without ANY), and replies or
 * stores them. With ANY the scan stops once COUNT members matched, so the result is "some" close
 * members, not the closest.
 *
 * <p>Replies: coordinates are the decoded cell centre printed as Redis's
 * {@code addReplyHumanLongDouble} ("%.17Lf" with trailing zeros removed); distances are "%.4f" in
 * the requested unit; WITHHASH is the raw 52-bit score.
 */
public final class GeoCommands {
    private GeoCommands() {}

    static final int RADIUS_COORDS = 1, RADIUS_MEMBER = 2, RADIUS_NOSTORE = 4, GEOSEARCH = 8, GEOSEARCHSTORE = 16;
    static final int SORT_NONE = 0, SORT_ASC = 1, SORT_DESC = 2;

    public static void register(CommandTable t) {
        t.bind("geoadd", GeoCommands::geoadd);
        t.bind("geodist", GeoCommands::geodist);
        t.bind("geohash", GeoCommands::geohash);
        t.bind("geopos", GeoCommands::geopos);
        t.bind("georadius", c -> georadiusGeneric(c, 1, RADIUS_COORDS));
        t.bind("georadius_ro", c -> georadiusGeneric(c, 1, RADIUS_COORDS | RADIUS_NOSTORE));
        t.bind("georadiusbymember", c -> georadiusGeneric(c, 1, RADIUS_MEMBER));
        t.bind("georadiusbymember_ro", c -> georadiusGeneric(c, 1, RADIUS_MEMBER | RADIUS_NOSTORE));
        t.bind("geosearch", c -> georadiusGeneric(c, 1, GEOSEARCH));
        t.bind("geosearchstore", c -> georadiusGeneric(c, 2, GEOSEARCH | GEOSEARCHSTORE));
    }

    /** One match (geoPoint). */
    static final class GeoPoint {
        final double longitude, latitude, score;
        double dist;
        final byte[] member;

        GeoPoint(double longitude, double latitude, double dist, double score, byte[] member) {
            this.longitude = longitude;
            this.latitude = latitude;
            this.dist = dist;
            this.score = score;
            this.member = member;
        }
    }

    // ---------------------------------------------------------------- argument helpers


    /** C's "%f": six decimals of the double's exact value, rounded half-even as glibc does. */
    static String formatF(double d, int decimals) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (d < 0 || (d == 0 && 1 / d < 0)) { if (!s.startsWith("-")) s = "-" + s; }
        return s;
    }

    /** extractLongLatOrReply: {lon, lat} from two arguments, within the Mercator limits; null after replying. */
    static double[] extractLongLatOrReply(Client c, int idx) {
        double[] xy = new double[2];
        for (int i = 0; i < 2; i++) {
            Double d = ZsetArgs.doubleOrReply(c, c.arg(idx + i), null);
            if (d == null) return null;
            xy[i] = d;
        }
        if (xy[0] < GeoHash.GEO_LONG_MIN || xy[0] > GeoHash.GEO_LONG_MAX
                || xy[1] < GeoHash.GEO_LAT_MIN || xy[1] > GeoHash.GEO_LAT_MAX) {
            c.addError("-ERR invalid longitude,latitude pair " + formatF(xy[0], 6) + "," + formatF(xy[1], 6));
            return null;
        }
        return xy;
    }

    /** longLatFromMember: the decoded position of a member, or null if it is not in the set. */
    static double[] longLatFromMember(RedisObject zobj, byte[] member) {
        Double score = ZsetObjects.score(zobj, member);
        return score == null ? null : GeoHash.decodeScore(score);
    }

    /** extractUnitOrReply: meters per unit, or -1 after replying. */
    static double extractUnitOrReply(Client c, byte[] unit) {
        String u = new String(unit, StandardCharsets.UTF_8);
        if (u.equalsIgnoreCase("m")) return 1;
        if (u.equalsIgnoreCase("km")) return 1000;
        if (u.equalsIgnoreCase("ft")) return 0.3048;
        if (u.equalsIgnoreCase("mi")) return 1609.34;
        c.addError("unsupported unit provided. please use M, KM, FT, MI");
        return -1;
    }

    /** extractDistanceOrReply: "radius unit" into the shape; false after replying. */
    static boolean extractDistanceOrReply(Client c, int idx, Shape shape) {
        Double d = ZsetArgs.doubleOrReply(c, c.arg(idx), "need numeric radius");
        if (d == null) return false;
        if (d < 0) { c.addError("radius cannot be negative"); return false; }
        shape.radius = d;
        double toMeters = extractUnitOrReply(c, c.arg(idx + 1));
        if (toMeters < 0) return false;
        shape.conversion = toMeters;
        return true;
    }

    /** extractBoxOrReply: "width height unit" into the shape; false after replying. */
    static boolean extractBoxOrReply(Client c, int idx, Shape shape) {
        Double w = ZsetArgs.doubleOrReply(c, c.arg(idx), "need numeric width");
        if (w == null) return false;
        Double h = ZsetArgs.doubleOrReply(c, c.arg(idx + 1), "need numeric height");
        if (h == null) return false;
        if (h < 0 || w < 0) { c.addError("height or width cannot be negative"); return false; }
        shape.height = h;
        shape.width = w;
        double toMeters = extractUnitOrReply(c, c.arg(idx + 2));
        if (toMeters < 0) return false;
        shape.conversion = toMeters;
        return true;
    }

    /** addReplyDoubleDistance: "%.4f". */
    static void addReplyDoubleDistance(Client c, double d) {
        c.addBulk(formatF(d, 4).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * addReplyHumanLongDouble: RESP2 a bulk string, RESP3 a double, of "%.17Lf" with the trailing
     * zeros (and a bare point) removed.
     */
    static void addReplyHumanLongDouble(Client c, double d) {
        String s = new BigDecimal(d).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            if (s.charAt(end - 1) == '.') end--;
            s = s.substring(0, end);
        }
        if (s.equals("-0")) s = "0";
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (c.resp3()) c.addDouble(b); else c.addBulk(b);
    }

    static boolean wrongType(Client c, RedisObject o) {
        if (o != null && o.type != RedisObject.TYPE_ZSET) { c.addErrorWrongType(); return true; }
        return false;
    }

    // ---------------------------------------------------------------- GEOADD

    /**
     * GEOADD key [NX|XX] [CH] lon lat member ... (geoaddCommand): every coordinate is checked and
     * turned into its 52-bit score first, then the members are added as ZADD would.
     */
    static void geoadd(Client c) {
        boolean xx = false, nx = false, ch = false;
        int longidx = 2;
        while (longidx < c.argc()) {
            if (c.argIs(longidx, "nx")) nx = true;
            else if (c.argIs(longidx, "xx")) xx = true;
            else if (c.argIs(longidx, "ch")) ch = true;
            else break;
            longidx++;
        }
        if ((c.argc() - longidx) % 3 != 0 || (xx && nx)) { c.addErrorSyntax(); return; }
        int elements = (c.argc() - longidx) / 3;
        double[] scores = new double[elements];
        for (int i = 0; i < elements; i++) {
            double[] xy = extractLongLatOrReply(c, longidx + i * 3);
            if (xy == null) return;
            GeoHash.Bits hash = GeoHash.encodeWGS84(xy[0], xy[1], GeoHash.GEO_STEP_MAX);
            scores[i] = (double) GeoHash.align52Bits(hash);
        }
        // What zaddCommand does with the rewritten arguments "ZADD key [NX|XX] [CH] score member ...".
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject zobj = db.lookupKeyWrite(key);
        if (wrongType(c, zobj)) return;
        ZsetObjects.Limits limits = ZsetArgs.limits(c);
        if (zobj == null) {
            if (xx) { c.addLong(0); return; }
            zobj = ZsetObjects.createFor(limits, c.arg(longidx + 2).length);
            db.dbAdd(key, zobj);
        }
        int flags = (nx ? ZsetObjects.IN_NX : 0) | (xx ? ZsetObjects.IN_XX : 0);
        long added = 0, updated = 0;
        double[] newscore = new double[1];
        for (int i = 0; i < elements; i++) {
            int out = ZsetObjects.add(zobj, scores[i], c.arg(longidx + i * 3 + 2), flags, newscore, limits);
            if ((out & ZsetObjects.OUT_ADDED) != 0) added++;
            if ((out & ZsetObjects.OUT_UPDATED) != 0) updated++;
        }
        c.server().keyspace().stats.dirty += added + updated;
        c.addLong(ch ? added + updated : added);
        if (added > 0 || updated > 0) {
            db.signalModifiedKey(key);
            // GEOADD is ZADD with computed scores: its event is "zadd"
            Notify.event(c, Notify.ZSET, "zadd", key);
        }
    }

    // ---------------------------------------------------------------- GEOPOS GEOHASH GEODIST

    /** GEOPOS key member ... (geoposCommand): each member's cell centre, or a null array. */
    static void geopos(Client c) {
        RedisObject zobj = c.db().lookupKeyRead(c.arg(1));
        if (wrongType(c, zobj)) return;
        c.addArrayLen(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            Double score = zobj == null ? null : ZsetObjects.score(zobj, c.arg(j));
            if (score == null) { c.addNullArray(); continue; }
            double[] xy = GeoHash.decodeScore(score);
            c.addArrayLen(2);
            addReplyHumanLongDouble(c, xy[0]);
            addReplyHumanLongDouble(c, xy[1]);
        }
    }

    static final byte[] GEOALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    /**
     * GEOHASH key member ... (geohashCommand): the standard 11-character geohash. Redis's scores use
     * latitudes within +-85.05, the standard within +-90, so the position is decoded and encoded
     * again; the 11th character has no bits left and is always '0'.
     */
    static void geohash(Client c) {
        RedisObject zobj = c.db().lookupKeyRead(c.arg(1));
        if (wrongType(c, zobj)) return;
        c.addArrayLen(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            Double score = zobj == null ? null : ZsetObjects.score(zobj, c.arg(j));
            if (score == null) { c.addNull(); continue; }
            double[] xy = GeoHash.decodeScore(score);
            GeoHash.Bits hash = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], 26);
            long bits = hash == null ? 0 : hash.bits();
            byte[] buf = new byte[11];
            for (int i = 0; i < 11; i++) {
                int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
                buf[i] = GEOALPHABET[idx];
            }
            c.addBulk(buf);
        }
    }

    /** GEODIST key member1 member2 [unit] (geodistCommand): null if either member is missing. */
    static void geodist(Client c) {
        double toMeter = 1;
        if (c.argc() == 5) {
            toMeter = extractUnitOrReply(c, c.arg(4));
            if (toMeter < 0) return;
        } else if (c.argc() > 5) {
            c.addErrorSyntax();
            return;
        }
        RedisObject zobj = c.db().lookupKeyRead(c.arg(1));
        if (zobj == null) { c.addNull(); return; }
        if (wrongType(c, zobj)) return;
        Double s1 = ZsetObjects.score(zobj, c.arg(2)), s2 = ZsetObjects.score(zobj, c.arg(3));
        if (s1 == null || s2 == null) { c.addNull(); return; }
        double[] a = GeoHash.decodeScore(s1), b = GeoHash.decodeScore(s2);
        addReplyDoubleDistance(c, GeoHashHelper.getDistance(a[0], a[1], b[0], b[1]) / toMeter);
    }

    // ---------------------------------------------------------------- searches

    /**
     * GEORADIUS, GEORADIUSBYMEMBER, their _RO forms, GEOSEARCH and GEOSEARCHSTORE
     * (georadiusGeneric). Errors come in Redis's order: the centre and radius of the old commands
     * first, then each option as it is parsed, then the combinations.
     */
    static void georadiusGeneric(Client c, int srcKeyIndex, int flags) {
        RedisDb db = c.db();
        byte[] storekey = null;
        boolean storedist = false;
        RedisObject zobj = db.lookupKeyRead(c.arg(srcKeyIndex));
        if (wrongType(c, zobj)) return;

        int baseArgs;
        Shape shape = new Shape();
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            double[] xy = extractLongLatOrReply(c, 2);
            if (xy == null) return;
            shape.lon = xy[0];
            shape.lat = xy[1];
            if (!extractDistanceOrReply(c, baseArgs - 2, shape)) return;
        } else if ((flags & RADIUS_MEMBER) != 0 && zobj == null) {
            // No source key: parse the options anyway, to know which empty reply to give.
            baseArgs = 5;
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            double[] xy = longLatFromMember(zobj, c.arg(2));
            if (xy == null) { c.addError("could not decode requested zset member"); return; }
            shape.lon = xy[0];
            shape.lat = xy[1];
            if (!extractDistanceOrReply(c, baseArgs - 2, shape)) return;
        } else {
            baseArgs = 2;
            if ((flags & GEOSEARCHSTORE) != 0) {
                baseArgs = 3;
                storekey = c.arg(1);
            }
        }

        boolean withdist = false, withhash = false, withcoords = false;
        boolean frommember = false, fromloc = false, byradius = false, bybox = false, any = false;
        int sort = SORT_NONE;
        long count = 0;
        boolean geosearch = (flags & GEOSEARCH) != 0;
        boolean nostore = (flags & RADIUS_NOSTORE) != 0;
        int remaining = c.argc() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int a = baseArgs + i;
            if (c.argIs(a, "withdist")) withdist = true;
            else if (c.argIs(a, "withhash")) withhash = true;
            else if (c.argIs(a, "withcoord")) withcoords = true;
            else if (c.argIs(a, "any")) any = true;
            else if (c.argIs(a, "asc")) sort = SORT_ASC;
            else if (c.argIs(a, "desc")) sort = SORT_DESC;
            else if (c.argIs(a, "count") && i + 1 < remaining) {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(c.arg(a + 1), out)) { c.addErrorNotInteger(); return; }
                if (out[0] <= 0) { c.addError("COUNT must be > 0"); return; }
                count = out[0];
                i++;
            } else if (c.argIs(a, "store") && i + 1 < remaining && !nostore && !geosearch) {
                storekey = c.arg(a + 1);
                storedist = false;
                i++;
            } else if (c.argIs(a, "storedist") && i + 1 < remaining && !nostore && !geosearch) {
                storekey = c.arg(a + 1);
                storedist = true;
                i++;
            } else if (c.argIs(a, "storedist") && geosearch && (flags & GEOSEARCHSTORE) != 0) {
                storedist = true;
            } else if (c.argIs(a, "frommember") && i + 1 < remaining && geosearch && !fromloc) {
                if (zobj != null) {
                    double[] xy = longLatFromMember(zobj, c.arg(a + 1));
                    if (xy == null) { c.addError("could not decode requested zset member"); return; }
                    shape.lon = xy[0];
                    shape.lat = xy[1];
                }
                frommember = true;
                i++;
            } else if (c.argIs(a, "fromlonlat") && i + 2 < remaining && geosearch && !frommember) {
                double[] xy = extractLongLatOrReply(c, a + 1);
                if (xy == null) return;
                shape.lon = xy[0];
                shape.lat = xy[1];
                fromloc = true;
                i += 2;
            } else if (c.argIs(a, "byradius") && i + 2 < remaining && geosearch && !bybox) {
                if (!extractDistanceOrReply(c, a + 1, shape)) return;
                shape.box = false;
                byradius = true;
                i += 2;
            } else if (c.argIs(a, "bybox") && i + 3 < remaining && geosearch && !byradius) {
                if (!extractBoxOrReply(c, a + 1, shape)) return;
                shape.box = true;
                bybox = true;
                i += 3;
            } else {
                c.addErrorSyntax();
                return;
            }
        }

        if (storekey != null && (withdist || withhash || withcoords)) {
            c.addError(((flags & GEOSEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
            return;
        }
        if (geosearch && !(frommember || fromloc)) {
            c.addError("exactly one of FROMMEMBER or FROMLONLAT can be specified for " + c.argString(0));
            return;
        }
        if (geosearch && !(byradius || bybox)) {
            c.addError("exactly one of BYRADIUS and BYBOX can be specified for " + c.argString(0));
            return;
        }
        if (any && count == 0) {
            c.addError("the ANY argument requires COUNT argument");
            return;
        }

        // Return at once when the source key does not exist.
        if (zobj == null) {
            if (storekey != null) {
                if (db.dbDelete(storekey)) {
                    Notify.event(c, Notify.GENERIC, "del", storekey);
                    c.server().keyspace().stats.dirty++;
                }
                c.addLong(0);
            } else {
                c.addEmptyArray();
            }
            return;
        }

        // COUNT without an order sorts ascending: the closest N (not needed with ANY).
        if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

        GeoHashHelper.Radius georadius = GeoHashHelper.calculateAreasByShape(shape);
        List<GeoPoint> ga = new ArrayList<>();
        membersOfAllNeighbors(zobj, georadius, shape, ga, any ? count : 0);

        if (ga.isEmpty() && storekey == null) { c.addEmptyArray(); return; }

        long resultLength = ga.size();
        long returnedItems = (count == 0 || resultLength < count) ? resultLength : count;

        if (sort != SORT_NONE) {
            Comparator<GeoPoint> asc = (x, y) -> x.dist > y.dist ? 1 : x.dist == y.dist ? 0 : -1; // sort_gp_asc
            Comparator<GeoPoint> cmp = sort == SORT_ASC ? asc : (x, y) -> -asc.compare(x, y);
            if (returnedItems == resultLength) {
                // glibc's qsort is a merge sort here: stable, so ties keep the scan order.
                ga.sort(cmp);
            } else {
                // Only the first COUNT need sorting: Redis's partial quicksort, ties and all.
                GeoPoint[] arr = ga.toArray(new GeoPoint[0]);
                io.glassbox.util.Pqsort.pqsort(arr, cmp, 0, returnedItems - 1);
                ga = java.util.Arrays.asList(arr);
            }
        }

        if (storekey == null) {
            int optionLength = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
            c.addArrayLen(returnedItems);
            for (int i = 0; i < returnedItems; i++) {
                GeoPoint gp = ga.get(i);
                gp.dist /= shape.conversion; // in the requested unit
                if (optionLength > 0) c.addArrayLen(optionLength + 1);
                c.addBulk(gp.member);
                if (withdist) addReplyDoubleDistance(c, gp.dist);
                if (withhash) c.addLong((long) gp.score);
                if (withcoords) {
                    c.addArrayLen(2);
                    addReplyHumanLongDouble(c, gp.longitude);
                    addReplyHumanLongDouble(c, gp.latitude);
                }
            }
        } else {
            ZsetObjects.Limits limits = ZsetArgs.limits(c);
            if (returnedItems > 0) {
                RedisObject dst = ZsetObjects.createSkiplist();
                long maxelelen = 0, totelelen = 0;
                double[] newscore = new double[1];
                for (int i = 0; i < returnedItems; i++) {
                    GeoPoint gp = ga.get(i);
                    gp.dist /= shape.conversion;
                    double score = storedist ? gp.dist : gp.score;
                    maxelelen = Math.max(maxelelen, gp.member.length);
                    totelelen += gp.member.length;
                    ZsetObjects.add(dst, score, gp.member, 0, newscore, limits);
                }
                ZsetObjects.convertToListpackIfNeeded(dst, maxelelen, totelelen, limits);
                db.setKey(storekey, dst, false);
                Notify.event(c, Notify.ZSET, geosearch ? "geosearchstore" : "georadiusstore", storekey);
                c.server().keyspace().stats.dirty += returnedItems;
            } else if (db.dbDelete(storekey)) {
                Notify.event(c, Notify.GENERIC, "del", storekey);
                c.server().keyspace().stats.dirty++;
            }
            c.addLong(returnedItems);
        }
    }

    /**
     * membersOfAllNeighbors: scans the centre cell and its neighbours in Redis's order (centre, N,
     * S, E, W, NE, NW, SE, SW), skipping dropped ones and a neighbour equal to the one scanned
     * just before it (huge radii make neighbours coincide). {@code limit} &gt; 0 stops early (ANY).
     */
    static void membersOfAllNeighbors(RedisObject zobj, GeoHashHelper.Radius n, Shape shape, List<GeoPoint> ga, long limit) {
        GeoHash.Neighbors nb = n.neighbors();
        GeoHash.Bits[] neighbors = {n.hash(), nb.north(), nb.south(), nb.east(), nb.west(),
                nb.northEast(), nb.northWest(), nb.southEast(), nb.southWest()};
        int lastProcessed = 0;
        for (int i = 0; i < neighbors.length; i++) {
            if (neighbors[i].isZero()) continue;
            if (lastProcessed != 0 && neighbors[i].bits() == neighbors[lastProcessed].bits()
                    && neighbors[i].step() == neighbors[lastProcessed].step()) {
                continue;
            }
            if (limit != 0 && ga.size() >= limit) break;
            membersOfGeoHashBox(zobj, neighbors[i], ga, shape, limit);
            lastProcessed = i;
        }
    }

    /**
     * membersOfGeoHashBox + geoGetPointsInRange: the members whose score lies in the cell's range
     * [min, max), kept if inside the shape, in score order.
     */
    static void membersOfGeoHashBox(RedisObject zobj, GeoHash.Bits hash, List<GeoPoint> ga, Shape shape, long limit) {
        double min = (double) GeoHash.align52Bits(hash);
        double max = (double) GeoHash.align52Bits(new GeoHash.Bits(hash.bits() + 1, hash.step()));
        RangeSpec range = new RangeSpec(min, max, false, true);
        for (ZsetObjects.Entry e : ZsetObjects.rangeByScore(zobj, range, false, 0, -1)) {
            double[] xy = GeoHash.decodeScore(e.score());
            double distance;
            if (!shape.box) {
                distance = GeoHashHelper.distanceIfInRadius(shape.lon, shape.lat, xy[0], xy[1], shape.radius * shape.conversion);
            } else {
                distance = GeoHashHelper.distanceIfInRectangle(shape.width * shape.conversion, shape.height * shape.conversion,
                        shape.lon, shape.lat, xy[0], xy[1]);
            }
            if (distance >= 0) ga.add(new GeoPoint(xy[0], xy[1], distance, e.score(), e.ele()));
            if (!ga.isEmpty() && limit != 0 && ga.size() >= limit) break;
        }
    }
}
