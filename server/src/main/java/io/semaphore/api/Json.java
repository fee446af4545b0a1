package io.semaphore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.jspecify.annotations.NonNull;

/**
 * The one JSON mapping of the API: snake_case names (Semaphore's), ISO-8601 times, unknown fields ignored (as
 * Semaphore does, so its UI and scripts can send extra fields), and no silent type coercion: {@code "name": 5}
 * or {@code "admin": "yes"} is a 400 naming the field, not a guess.
 */
public final class Json implements io.javalin.json.JsonMapper {
    public static final ObjectMapper MAPPER = create();

    static ObjectMapper create() {
        ObjectMapper m = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return m;
    }

    @Override
    public @NonNull String toJsonString(@NonNull Object obj, @NonNull Type type) {
        try {
            return MAPPER.writeValueAsString(obj);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + obj.getClass().getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public <T> @NonNull T fromJsonString(@NonNull String json, @NonNull Type type) {
        return Bodies.parse(json, type);
    }

    @Override
    public <T> @NonNull T fromJsonStream(@NonNull InputStream json, @NonNull Type type) {
        try {
            return Bodies.parse(new String(json.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), type);
        } catch (java.io.IOException e) {
            throw new io.semaphore.errors.ValidationException("Cannot read the request body: " + e.getMessage());
        }
    }
}
