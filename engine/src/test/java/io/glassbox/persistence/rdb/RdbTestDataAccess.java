package io.glassbox.persistence.rdb;

import java.util.List;

/** The shared dataset, for tests in other packages (the differential ones). */
public final class RdbTestDataAccess {
    private RdbTestDataAccess() {}

    public static List<List<String>> commands() { return RdbTestData.commands(); }

    public static List<String> keys() { return RdbTestData.KEYS; }
}
