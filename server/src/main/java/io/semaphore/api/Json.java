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
 * Semaphore does, so its UI and scripts can send extra fields), and no silent type coercion: {@code "name": 5},
 * {@code "admin": "yes"} or {@code "user_id": 1.5} (which Jackson would cut to 1, acting on another object) is a
 * 400 naming the field, not a guess. Free-form values ({@code JsonNode}, e.g. a template's task_params) keep floats.
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
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
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
            return Bodies.parse(Bodies.text(json.readAllBytes()), type);
        } catch (java.io.IOException e) {
            throw new io.semaphore.errors.ValidationException("Cannot read the request body: " + e.getMessage());
        }
    }
}
