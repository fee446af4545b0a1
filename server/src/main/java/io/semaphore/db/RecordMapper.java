package io.semaphore.db;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps rows to a record by column name: {@code project_id} (or {@code projectId}) fills component
 * {@code projectId}; extra columns are ignored, a missing one is an error naming it. Same matching as Jdbi's
 * {@code ConstructorMapper}, which we used before, but that one worked out the column-to-parameter plan again for
 * every query (with reflection on each parameter's annotations): ~7% of the server's CPU under a burst of API
 * calls. Here the plan is made once per record type and column list and kept.
 *
 * <p>Component types: {@code int}, {@code long}, {@code boolean}, their boxes (NULL gives null), {@code String},
 * {@code Instant} (read as a timestamp, like Jdbi's own mapper).
 */
public final class RecordMapper<R extends Record> implements RowMapper<R> {
    private final Class<R> type;
    private final RecordComponent[] components;
    private final MethodHandle constructor;
    /** Column labels of a result (joined with ",") → the column index for each component. */
    private final Map<String, int[]> plans = new ConcurrentHashMap<>();

    private RecordMapper(Class<R> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        for (RecordComponent c : components) {
            reader(c.getType()); // unsupported types fail here, when the store class loads, not on a request
        }
        try {
            Class<?>[] params = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            MethodHandle ctor = MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .findConstructor(type, MethodType.methodType(void.class, params));
            this.constructor = ctor.asSpreader(Object[].class, params.length);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Record " + type.getName() + " has no usable canonical constructor", e);
        }
    }

    public static <R extends Record> RecordMapper<R> of(Class<R> type) {
        return new RecordMapper<>(type);
    }

    /** Called by Jdbi once per result: looks up (or makes) the plan for its columns. */
    @Override
    public RowMapper<R> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        StringBuilder key = new StringBuilder();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String label = meta.getColumnLabel(i);
            labels.add(label);
            key.append(label).append(',');
        }
        int[] plan = plans.computeIfAbsent(key.toString(), k -> plan(labels));
        return (row, context) -> build(row, plan);
    }

    @Override
    public R map(ResultSet rs, StatementContext ctx) throws SQLException {
        return specialize(rs, ctx).map(rs, ctx);
    }

    private int[] plan(List<String> labels) {
        int[] plan = new int[components.length];
        for (int c = 0; c < components.length; c++) {
            String wanted = normalize(components[c].getName());
            int found = -1;
            for (int i = 0; i < labels.size() && found < 0; i++) {
                if (normalize(labels.get(i)).equals(wanted)) {
                    found = i + 1;
                }
            }
            if (found < 0) {
                throw new IllegalStateException("No column for " + type.getSimpleName() + "." + components[c].getName()
                        + " among " + labels);
            }
            plan[c] = found;
        }
        return plan;
    }

    private R build(ResultSet rs, int[] plan) throws SQLException {
        Object[] args = new Object[components.length];
        for (int c = 0; c < components.length; c++) {
            args[c] = reader(components[c].getType()).read(rs, plan[c]);
        }
        try {
            @SuppressWarnings("unchecked")
            R r = (R) constructor.invoke(args);
            return r;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot create " + type.getSimpleName(), e);
        }
    }

    private static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private interface Reader {
        Object read(ResultSet rs, int column) throws SQLException;
    }

    /** The column types a record component may have, and how each is read. */
    private static final Map<Class<?>, Reader> READERS = Map.of(
            int.class, ResultSet::getInt,
            long.class, ResultSet::getLong,
            boolean.class, ResultSet::getBoolean,
            String.class, ResultSet::getString,
            Integer.class, Columns::intOrNull,
            Long.class, Columns::longOrNull,
            Boolean.class, (rs, i) -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            },
            Instant.class, Columns::instant);

    private static Reader reader(Class<?> t) {
        Reader r = READERS.get(t);
        if (r == null) {
            throw new IllegalArgumentException("RecordMapper cannot read a column into " + t.getName());
        }
        return r;
    }
}
