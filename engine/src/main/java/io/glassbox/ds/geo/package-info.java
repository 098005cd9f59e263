/**
 * Geohashes: Redis's {@code geohash.c} and {@code geohash_helper.c}. A point becomes a 52-bit
 * integer that is the score of a sorted-set member, so the sorted set's order is a walk along a
 * Z-order curve and a square area of the map is one contiguous range of scores.
 *
 * <p>How a point is encoded (geohashEncode, step 26): longitude in [-180,180] and latitude in
 * [-85.05112878, 85.05112878] (the Web Mercator limits, not +-90) are each scaled to a 26-bit
 * integer, and the two are interleaved bit by bit, longitude in the odd bits. Decoding gives back
 * the cell, about 0.6 m wide, and GEOPOS answers the cell's centre: that is why a coordinate
 * comes back slightly different from the one written.
 *
 * <p>How a radius or box is searched (geohashCalculateAreasByShapeWGS84): choose the coarsest
 * step whose cells are still larger than the search radius, take the centre's cell and its 8
 * neighbours, drop the neighbours that lie entirely outside the bounding box, and scan each cell's
 * score range, keeping the members whose exact distance passes. At most 9 range scans, whatever
 * the set's size.
 */
package io.glassbox.ds.geo;
