package io.glassbox.ds.geo;

/**
 * Distances and the choice of cells to scan for a search: Redis's {@code geohash_helper.c}.
 *
 * <p>Distances are great-circle distances (haversine) on a sphere of Redis's radius, 6372797.560856
 * m. The trigonometry of the distance is {@link GeoMath}'s correctly rounded sin/cos/asin, which
 * agree with glibc's (what Redis uses) far more often than Math's or StrictMath's; the last bit of
 * a distance can still differ now and then, where glibc itself is not correctly rounded (see
 * docs/bits.md).
 */
public final class GeoHashHelper {
    private GeoHashHelper() {}

    /** Earth's quadratic mean radius for WGS-84, in meters. */
    public static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    static final double MERCATOR_MAX = 20037726.37;
    static final double D_R = Math.PI / 180.0;

    static double degRad(double ang) { return ang * D_R; }
    static double radDeg(double ang) { return ang / D_R; }

    /** A search shape (GeoShape): a circle of {@code radius}, or a {@code width} x {@code height} box, in the unit of {@code conversion} meters. */
    public static final class Shape {
        public boolean box;
        public double lon, lat;
        public double radius, width, height;
        /** Meters per unit of the shape's sizes. */
        public double conversion;
        /** min lon, min lat, max lon, max lat: filled by {@link #boundingBox}. */
        public final double[] bounds = new double[4];
    }

    /** The cell to scan around the centre, its 8 neighbours (some dropped), and its area (GeoHashRadius). */
    public record Radius(GeoHash.Bits hash, GeoHash.Neighbors neighbors, GeoHash.Area area) {}

    /**
     * geohashEstimateStepsByRadius: the step whose cells are about as large as the radius (so the
     * 3x3 cells around the centre cover the search), one or two steps coarser near the poles.
     */
    public static int estimateStepsByRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) return 26;
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2; // make sure the range is included in most of the base cases
        // Wider range towards the poles.
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) step--;
        }
        if (step < 1) step = 1;
        if (step > 26) step = 26;
        return step;
    }

    /**
     * geohashBoundingBox: the longitude/latitude box around the shape. Longitude degrees shrink
     * towards the poles, so the width is taken at the box's edge farther from the equator.
     */
    public static void boundingBox(Shape shape) {
        double longitude = shape.lon, latitude = shape.lat;
        double height = shape.conversion * (shape.box ? shape.height / 2 : shape.radius);
        double width = shape.conversion * (shape.box ? shape.width / 2 : shape.radius);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / GeoMath.cos(degRad(latitude + latDelta)));
        double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / GeoMath.cos(degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        shape.bounds[0] = southern ? longitude - longDeltaBottom : longitude - longDeltaTop;
        shape.bounds[2] = southern ? longitude + longDeltaBottom : longitude + longDeltaTop;
        shape.bounds[1] = latitude - latDelta;
        shape.bounds[3] = latitude + latDelta;
    }

    /**
     * geohashCalculateAreasByShapeWGS84: the centre cell and the neighbours worth scanning. If a
     * neighbour does not reach the bounding box's edge the step is one coarser; then neighbours
     * wholly outside the box are dropped (set to the zero cell).
     */
    public static Radius calculateAreasByShape(Shape shape) {
        boundingBox(shape);
        double minLon = shape.bounds[0], minLat = shape.bounds[1], maxLon = shape.bounds[2], maxLat = shape.bounds[3];
        double longitude = shape.lon, latitude = shape.lat;
        // A box is searched as the circle through its corners.
        double radiusMeters = shape.box
                ? Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))
                : shape.radius;
        radiusMeters *= shape.conversion;

        int steps = estimateStepsByRadius(radiusMeters, latitude);
        GeoHash.Bits hash = GeoHash.encodeWGS84(longitude, latitude, steps);
        GeoHash.Neighbors n = GeoHash.neighbors(hash);
        GeoHash.Area area = GeoHash.decode(hash);

        boolean decreaseStep = false;
        {
            GeoHash.Area north = GeoHash.decode(n.north()), south = GeoHash.decode(n.south());
            GeoHash.Area east = GeoHash.decode(n.east()), west = GeoHash.decode(n.west());
            if (north.latMax() < maxLat) decreaseStep = true;
            if (south.latMin() > minLat) decreaseStep = true;
            if (east.lonMax() < maxLon) decreaseStep = true;
            if (west.lonMin() > minLon) decreaseStep = true;
        }
        if (steps > 1 && decreaseStep) {
            steps--;
            hash = GeoHash.encodeWGS84(longitude, latitude, steps);
            n = GeoHash.neighbors(hash);
            area = GeoHash.decode(hash);
        }

        // Exclude the search areas that are useless.
        GeoHash.Bits north = n.north(), south = n.south(), east = n.east(), west = n.west();
        GeoHash.Bits ne = n.northEast(), se = n.southEast(), nw = n.northWest(), sw = n.southWest();
        if (steps >= 2) {
            GeoHash.Bits z = GeoHash.Bits.ZERO;
            if (area.latMin() < minLat) { south = z; sw = z; se = z; }
            if (area.latMax() > maxLat) { north = z; ne = z; nw = z; }
            if (area.lonMin() < minLon) { west = z; sw = z; nw = z; }
            if (area.lonMax() > maxLon) { east = z; se = z; ne = z; }
        }
        return new Radius(hash, new GeoHash.Neighbors(north, east, west, south, ne, se, nw, sw), area);
    }

    /** geohashGetDistance: the haversine great-circle distance in meters. */
    public static double getDistance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lat1r = degRad(lat1d), lon1r = degRad(lon1d), lat2r = degRad(lat2d), lon2r = degRad(lon2d);
        double u = GeoMath.sin((lat2r - lat1r) / 2);
        double v = GeoMath.sin((lon2r - lon1r) / 2);
        return 2.0 * EARTH_RADIUS_IN_METERS
                * GeoMath.asin(Math.sqrt(u * u + GeoMath.cos(lat1r) * GeoMath.cos(lat2r) * v * v));
    }

    /** geohashGetDistanceIfInRadius: the distance, or -1 if it is larger than {@code radius}. */
    public static double distanceIfInRadius(double x1, double y1, double x2, double y2, double radius) {
        double d = getDistance(x1, y1, x2, y2);
        return d > radius ? -1 : d;
    }

    /**
     * geohashGetDistanceIfInRectangle: the distance from the centre (x1,y1), or -1 when the point
     * is farther than half the width east-west or half the height north-south.
     */
    public static double distanceIfInRectangle(double widthM, double heightM, double x1, double y1, double x2, double y2) {
        double lonDistance = getDistance(x2, y2, x1, y2);
        double latDistance = getDistance(x2, y2, x2, y1);
        if (lonDistance > widthM / 2 || latDistance > heightM / 2) return -1;
        return getDistance(x1, y1, x2, y2);
    }
}
